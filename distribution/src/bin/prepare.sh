# prepare.sh — `fnk prepare`, sourced by bin/fnk: makes var/jvm so fnk starts faster on JDK 25+.
#
# A stock JDK 25 ships an empty jdk.graal.compiler module, so bin/fnk has to put the Graal compiler
# on --upgrade-module-path, and with that option the JVM switches its class-data sharing off: every
# start parses, verifies and links the same 10k classes again. Here the JDK is linked again (jlink)
# without that empty module, the compiler goes on the plain module path, and a training start of
# the example functions records an AOT cache (JEP 483/515: classes loaded and linked, method
# profiles). bin/fnk uses both only while the JDK and the jars are the ones recorded here. The
# training start gets FNK_JAVA_OPTS too: options that change the heap's layout (-Xmx of 32g or
# more, say) need a cache recorded with them, else the JVM says it cannot use it and goes on.
# var/jvm.status says how the last run ended: "ready", "skipped: why" or "failed: why".
# Needs from bin/fnk: jdk_java, jit_opts, modpath, prepared, jdk_id, runtime_version, jars_id, home.
# (build and train run inside prepare and use its locals: jdk_bin, training_pid.)

prepare() {
  local status="$prepared.status" why jdk_bin="" work="" training_pid="" started=$SECONDS rc=0
  [ -z "${jdk_java:-}" ] || jdk_bin="$(dirname "$(readlink -f "$jdk_java")")"
  if [ -z "${jit_opts+x}" ]; then
    why="the start-up cache needs JDK 25+ with the JIT on (FNK_JIT=0 turns it off)"
  elif [ -z "$runtime_version" ]; then
    why="$jdk_java has no release file naming its exact version"
  elif [ ! -x "$jdk_bin/jlink" ]; then
    why="$jdk_bin/jlink is missing (a JRE, not a JDK?)"
  fi
  if [ -n "${why:-}" ]; then
    echo "fnk prepare: nothing to do: $why"
    mkdir -p "$(dirname "$status")" && echo "skipped: $why" >"$status"
    return 0
  fi
  mkdir -p "$(dirname "$prepared")" && work="$(mktemp -d "$prepared.new.XXXXXX")" || return 1
  # An interrupt at any point stops the training start (train sets training_pid) and removes the
  # unfinished folder; var/jvm stays as it was.
  trap '[ -z "$training_pid" ] || { kill -TERM "$training_pid"; wait "$training_pid"; } 2>/dev/null; rm -rf "$work"; exit 130' INT TERM
  echo "fnk prepare: a run-time image of $(dirname "$jdk_bin") and an AOT cache of a training start (15-30 s)"
  build "$work" || rc=$?
  trap - INT TERM
  if [ "$rc" -eq 0 ]; then
    # Swap by renames, so a start sees either the old folder or the new one.
    rm -rf "$prepared.old" && { [ ! -e "$prepared" ] || mv "$prepared" "$prepared.old"; } && mv "$work" "$prepared" || rc=1
    rm -rf "$prepared.old"
  fi
  if [ "$rc" -eq 0 ]; then
    echo "ready" >"$status"
    echo "fnk prepare: done in $((SECONDS - started)) s: $prepared ($(du -sh "$prepared" | cut -f1))"
  else
    rm -rf "$work"
    [ "$rc" -eq 3 ] && echo "skipped: this JDK cannot link run-time images (no jmods)" >"$status" && return 0
    echo "failed: see the lines above" >"$status"
  fi
  return "$rc"
}

# Links the image and trains into $1; returns 1 on failure, 3 when this JDK cannot link at all.
build() {
  local work="$1" mods jars
  # Every module of the JDK except the empty compiler (replaced by lib/jit), the linker itself and
  # the incubators, so what runs on it sees the JDK it was given.
  mods="$("$jdk_java" --list-modules | sed 's/@.*//' \
    | grep -v -x -E 'jdk\.graal\.compiler(\.management)?|jdk\.jlink|jdk\.jpackage|jdk\.incubator\..*' | paste -sd, -)" \
    && [ -n "$mods" ] || { echo "fnk prepare: $jdk_java --list-modules failed" >&2; return 1; }
  # The image of the same JDK from the last run is reused (hard links: instant, no copy of 200 MB);
  # only the jars change from one build to the next.
  if [ "$(cat "$prepared/jdk" 2>/dev/null)" = "$jdk_id" ] && [ -x "$prepared/image/bin/java" ] \
     && cp -al "$prepared/image" "$work/image" 2>/dev/null; then
    echo "fnk prepare: the run-time image of the last run is still this JDK's: reused"
  elif ! rm -rf "$work/image" || ! "$jdk_bin/jlink" --add-modules "$mods" --output "$work/image" \
       --no-header-files --no-man-pages --generate-cds-archive >"$work/jlink.log" 2>&1; then
    if grep -q -i "packaged modules\|jmods" "$work/jlink.log"; then
      echo "fnk prepare: nothing to do: this JDK cannot link run-time images: $(head -n 1 "$work/jlink.log")"
      return 3
    fi
    echo "fnk prepare: jlink failed; its output:" >&2
    cat "$work/jlink.log" >&2
    return 1
  fi
  train "$work" || return 1
  jars="$(jars_id)" && [ -n "$jars" ] || { echo "fnk prepare: could not list the jars in $home/lib" >&2; return 1; }
  echo "$jdk_id" >"$work/jdk" && echo "$jars" >"$work/classpath"
}

# Starts fnk on the examples with -XX:AOTCacheOutput, calls every example route a few times,
# stops it; the JVM writes the cache as it exits. Sets prepare's training_pid while it runs.
train() {
  local work="$1" log="$1/training.log" pid port="" i ready=""
  # shellcheck disable=SC2086
  "$work/image/bin/java" "${jit_opts[@]}" "--module-path=$modpath" "--add-modules=jdk.graal.compiler" \
    ${FNK_JAVA_OPTS:-} "-XX:AOTCacheOutput=$work/fnk.aot" -Dfnk.jvm=training -cp "$home/lib/*" io.fnkernel.kernel.Main \
    run "$home/functions" --port 0 >"$log" 2>&1 &
  pid=$!
  training_pid=$pid
  for ((i = 0; i < 600; i++)); do
    port="$(sed -n 's|.*gateway listening on http://[^ ]*:\([0-9][0-9]*\).*|\1|p' "$log" | head -n 1)"
    if [ -n "$port" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -n "$port" ]; then
    for ((i = 0; i < 600; i++)); do
      if http_get "$port" /_fn/health | grep -q '"ready":true'; then ready=1; break; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  if [ -z "$ready" ]; then
    echo "fnk prepare: the training start did not get ready within 60 s; the end of its log ($log):" >&2
    kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    training_pid=""
    tail -n 20 "$log" >&2
    return 1
  fi
  for ((i = 0; i < 20; i++)); do
    for path in "/hello?name=fnk" "/hello@v2?name=fnk" /python-hello /_fn/health /_fn/openapi.json /no-such-route; do
      http_get "$port" "$path" >/dev/null || true
    done
  done
  kill -TERM "$pid"
  wait "$pid" || true
  training_pid=""
  if [ ! -s "$work/fnk.aot" ]; then
    echo "fnk prepare: the training start wrote no AOT cache; the end of its log ($log):" >&2
    tail -n 20 "$log" >&2
    return 1
  fi
}

# GET over bash's /dev/tcp (no curl needed), at most 10 s; prints the response.
http_get() {
  local fd rc=0
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&"$fd"
  timeout 10 cat <&"$fd" || rc=$?
  exec {fd}<&-
  return "$rc"
}
