# TIME and LASTSAVE.

start_server {} {
    test "TIME replies seconds and microseconds as two bulk strings" {
        set before [clock seconds]
        set reply [r typed time]
        set after [clock seconds]
        assert_equal array [lindex $reply 0]
        lassign [lindex $reply 1] sec usec
        assert_equal bulk [lindex $sec 0]
        assert_equal bulk [lindex $usec 0]
        assert_range [lindex $sec 1] $before $after
        assert_range [lindex $usec 1] 0 999999
    }

    test "TIME moves forward" {
        lassign [r time] s1 u1
        lassign [r time] s2 u2
        assert {$s2 * 1000000 + $u2 >= $s1 * 1000000 + $u1}
    }

    test "LASTSAVE is the start time while nothing was saved" {
        set reply [r typed lastsave]
        assert_equal int [lindex $reply 0]
        set now [lindex [r time] 0]
        set uptime [info_field r server uptime_in_seconds]
        assert_range [lindex $reply 1] [expr {$now - $uptime - 1}] [expr {$now - $uptime + 1}]
    }

    test "TIME and LASTSAVE take no arguments" {
        assert_error "ERR wrong number of arguments for 'time' command" {r time x}
        assert_error "ERR wrong number of arguments for 'lastsave' command" {r lastsave x}
    }
}
