# LATENCY LATEST / HISTORY / RESET / HELP and latency-monitor-threshold.
# DEBUG SLEEP makes a command slow on purpose; only lower bounds of its
# duration are asserted.

start_server {overrides {enable-debug-command yes}} {
    test "latency-monitor-threshold is 0 (off) by default" {
        assert_equal {latency-monitor-threshold 0} [r config get latency-monitor-threshold]
    }

    test "Nothing is recorded while the monitor is off" {
        r debug sleep 0.01
        assert_equal {array {}} [r typed latency latest]
        assert_equal {array {}} [r typed latency history command]
    }

    test "A command at or above the threshold is recorded as the event command" {
        r config set latency-monitor-threshold 1
        set before [lindex [r time] 0]
        r debug sleep 0.02
        set after [lindex [r time] 0]
        set latest [r typed latency latest]
        assert_equal 1 [llength [lindex $latest 1]]
        lassign [lindex $latest 1 0 1] name time latency max
        assert_equal {bulk command} $name
        assert_equal int [lindex $time 0]
        assert_range [lindex $time 1] $before $after
        assert_equal int [lindex $latency 0]
        assert {[lindex $latency 1] >= 20}
        assert_equal int [lindex $max 0]
        assert {[lindex $max 1] >= [lindex $latency 1]}
    }

    test "LATENCY HISTORY gives time and latency pairs, oldest first" {
        set history [r latency history command]
        assert {[llength $history] >= 1}
        foreach sample $history {
            assert_equal 2 [llength $sample]
        }
        set times {}
        foreach sample $history { lappend times [lindex $sample 0] }
        assert_equal [lsort -integer $times] $times
        set latest [lindex [r latency latest] 0]
        assert_equal [lrange $latest 1 2] [lindex $history end]
    }

    test "LATENCY HISTORY of an event never seen is an empty array" {
        assert_equal {array {}} [r typed latency history no-such-event]
    }

    test "LATENCY RESET with names resets those that exist and counts them" {
        assert_equal 0 [r latency reset no-such-event]
        assert_equal 1 [r latency reset command no-such-event]
        assert_equal {} [r latency latest]
        assert_equal {} [r latency history command]
    }

    test "LATENCY RESET without names resets every event" {
        r debug sleep 0.002
        assert_equal 1 [r latency reset]
        assert_equal 0 [r latency reset]
        assert_equal {} [r latency latest]
    }

    test "Fast commands under the threshold are not recorded" {
        r config set latency-monitor-threshold 1000
        r debug sleep 0.002
        r ping
        assert_equal {} [r latency latest]
        r config set latency-monitor-threshold 0
    }

    test "CONFIG SET refuses a negative threshold" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'latency-monitor-threshold') - argument must be between 0 and 9223372036854775807 inclusive" \
            {r config set latency-monitor-threshold -1}
    }

    test "LATENCY HELP lists the subcommands" {
        set help [r latency help]
        assert_equal "LATENCY <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:" [lindex $help 0]
        assert {"HISTORY <event>" in $help}
        assert {"LATEST" in $help}
        assert {"RESET \[<event> ...\]" in $help}
        assert_equal {HELP {    Prints this help.}} [lrange $help end-1 end]
    }

    test "LATENCY argument errors" {
        assert_error "ERR unknown subcommand 'nosuch'. Try LATENCY HELP." {r latency nosuch}
        assert_error "ERR wrong number of arguments for 'latency|history' command" {r latency history}
        assert_error "ERR wrong number of arguments for 'latency|latest' command" {r latency latest x}
        assert_error "ERR wrong number of arguments for 'latency' command" {r latency}
    }
}

start_server {overrides {latency-monitor-threshold 5}} {
    test "latency-monitor-threshold is read from the config file" {
        assert_equal {latency-monitor-threshold 5} [r config get latency-monitor-threshold]
    }
}
