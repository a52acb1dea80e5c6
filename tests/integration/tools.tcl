# The stock Redis tools against the server: a redis-benchmark smoke run with
# zero errors, and redis-cli in its non-interactive modes. Skipped with a
# note when the tools are not installed.

set benchmark_tests {PING_INLINE PING_MBULK SET GET INCR {MSET (10 keys)}}

# Runs redis-benchmark and checks every test line is there without errors.
proc tools_benchmark {requests pipeline} {
    set bench [find_tool redis-benchmark]
    if {$bench eq ""} {
        skip "redis-benchmark is not installed"
    }
    lassign [run_program 300 [list $bench -h 127.0.0.1 -p [srv port] \
        -t ping_inline,ping_mbulk,set,get,incr,mset -n $requests -P $pipeline -q]] \
        code output
    assert_equal 0 $code "redis-benchmark exit status; output: $output"
    if {[regexp {ERR|Error|error} $output]} {
        fail "redis-benchmark reported errors: $output"
    }
    set lines [split [string map [list "\r" "\n"] $output] "\n"]
    foreach name $::benchmark_tests {
        if {[lsearch -glob $lines "$name: * requests per second*"] < 0} {
            fail "no result line for $name in: $output"
        }
    }
}

proc tools_cli {args} {
    set cli [find_tool redis-cli]
    if {$cli eq ""} {
        skip "redis-cli is not installed"
    }
    lassign [run_program 30 [concat [list $cli -h 127.0.0.1 -p [srv port]] $args]] \
        code output
    assert_equal 0 $code "redis-cli exit status; output: $output"
    return $output
}

# Feeds stdin to redis-cli.
proc tools_cli_stdin {input args} {
    set cli [find_tool redis-cli]
    if {$cli eq ""} {
        skip "redis-cli is not installed"
    }
    set cmd [concat [list $cli -h 127.0.0.1 -p [srv port]] $args]
    if {[catch {exec {*}$cmd << $input 2>@1} output]} {
        fail "redis-cli failed: $output"
    }
    return $output
}

start_server {} {
    test "redis-benchmark with -P 16 runs every test without errors" {
        tools_benchmark 20000 16
    }

    test "redis-benchmark with -P 1 runs every test without errors" {
        tools_benchmark 2000 1
    }

    test "The server still answers after the benchmarks" {
        assert_equal PONG [r ping]
        assert_equal 1 [info_field r clients connected_clients]
    }

    test "redis-cli runs a command given as arguments" {
        assert_equal OK [tools_cli set cli-key 1]
        assert_equal 1 [tools_cli get cli-key]
        assert_equal 2 [tools_cli incr cli-key]
    }

    test "redis-cli prints an empty line for a nil reply" {
        assert_equal "" [tools_cli get no-such-key]
    }

    test "redis-cli shows error replies" {
        assert_match "ERR unknown command 'nosuch'*" [tools_cli nosuch]
    }

    test "redis-cli reads commands from standard input" {
        assert_equal "OK\nhello" [tools_cli_stdin "set stdin-key hello\nget stdin-key\n"]
    }

    test "redis-cli INFO and CONFIG GET" {
        assert_match "*redis_version:*" [tools_cli info server]
        assert_equal "maxclients\n[lindex [r config get maxclients] 1]" \
            [tools_cli config get maxclients]
    }

    test "redis-cli --pipe sends raw protocol and reports no errors" {
        set proto {}
        for {set i 0} {$i < 1000} {incr i} {
            append proto "*3\r\n\$3\r\nSET\r\n\$[string length pipe$i]\r\npipe$i\r\n\$[string length $i]\r\n$i\r\n"
        }
        set output [tools_cli_stdin $proto --pipe]
        assert_match "*errors: 0, replies: 1000*" $output
        assert_equal 999 [r get pipe999]
    }

    test "redis-cli -3 says HELLO 3 and prints RESP3 replies" {
        set out [tools_cli -3 hello]
        assert_match "*proto*3*" $out
    }
}
