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
# Needs from bin/fnk: jdk_java, jit_opts, modpath, jit_jars, prepared, jdk_id, home.

prepare() {
  if [ -z "${jit_opts+x}" ]; then
    echo "fnk prepare: nothing to do: the start-up cache needs JDK 25+ with the JIT on (FNK_JIT=0 turns it off)"
    return 0
  fi
  local jlink
  jlink="$(dirname "$(readlink -f "$jdk_java")")/jlink"
  if [ ! -x "$jlink" ]; then
    echo "fnk prepare: nothing to do: $jlink is missing (a JRE, not a JDK?)"
    return 0
  fi
  local work="$prepared.new" started=$SECONDS
  rm -rf "$work" && mkdir -p "$work" || return 1
  echo "fnk prepare: linking a run-time image from $(dirname "$(dirname "$(readlink -f "$jdk_java")")") and recording a training start (20-30 s)"
  # Every module of the JDK except the empty compiler (replaced by lib/jit), the linker itself and
  # the incubators, so what runs on it sees the JDK it was given.
  local mods
  mods="$("$jdk_java" --list-modules | sed 's/@.*//' \
    | grep -v -x -E 'jdk\.graal\.compiler(\.management)?|jdk\.jlink|jdk\.jpackage|jdk\.incubator\..*' | paste -sd, -)"
  if ! "$jlink" --add-modules "$mods" --output "$work/image" --no-header-files --no-man-pages \
       --generate-cds-archive >"$work/jlink.log" 2>&1; then
    echo "fnk prepare: jlink failed; its output:" >&2
    cat "$work/jlink.log" >&2
    return 1
  fi
  train "$work" || return 1
  echo "$jdk_id" >"$work/jdk"
  stat -c '%n %s %Y' "$home"/lib/*.jar "${jit_jars[@]}" | cksum >"$work/classpath"
  rm -rf "$prepared" && mv "$work" "$prepared" || return 1
  echo "fnk prepare: done in $((SECONDS - started)) s: $prepared ($(du -sh "$prepared" | cut -f1))"
}

# Starts fnk on the examples with -XX:AOTCacheOutput, calls every example route a few times,
# stops it; the JVM writes the cache as it exits.
train() {
  local work="$1" log="$1/training.log" pid port="" i
  # shellcheck disable=SC2086
  "$work/image/bin/java" "${jit_opts[@]}" "--module-path=$modpath" "--add-modules=jdk.graal.compiler" \
    ${FNK_JAVA_OPTS:-} "-XX:AOTCacheOutput=$work/fnk.aot" -Dfnk.jvm=training -cp "$home/lib/*" io.fnkernel.kernel.Main \
    run "$home/functions" --port 0 >"$log" 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    port="$(sed -n 's|.*gateway listening on http://[^ ]*:\([0-9][0-9]*\).*|\1|p' "$log" | head -n 1)"
    if [ -n "$port" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$port" ]; then
    echo "fnk prepare: the training start did not listen; its log ($log):" >&2
    kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    tail -n 20 "$log" >&2
    return 1
  fi
  for ((i = 0; i < 300; i++)); do
    if http_get "$port" /_fn/health | grep -q '"ready":true'; then break; fi
    sleep 0.1
  done
  for ((i = 0; i < 20; i++)); do
    for path in "/hello?name=fnk" "/hello@v2?name=fnk" /python-hello /_fn/health /_fn/openapi.json /no-such-route; do
      http_get "$port" "$path" >/dev/null || true
    done
  done
  kill -TERM "$pid"
  wait "$pid" || true
  if [ ! -s "$work/fnk.aot" ]; then
    echo "fnk prepare: the training start wrote no AOT cache; its log ($log):" >&2
    tail -n 20 "$log" >&2
    return 1
  fi
}

# GET over bash's /dev/tcp (no curl needed); prints the response.
http_get() {
  local fd
  { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&"$fd"
  cat <&"$fd"
  exec {fd}<&-
}
