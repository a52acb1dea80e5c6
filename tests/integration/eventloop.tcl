# INFO eventloop (redis-mini only): the event loop's counters, what makes
# each of them move, and CONFIG RESETSTAT.

set eventloop_fields {eventloop_backend eventloop_trigger eventloop_setsize
    eventloop_registered_fds eventloop_cycles eventloop_wakeups
    eventloop_wakeups_timeout eventloop_wakeups_interrupted eventloop_events
    eventloop_events_read eventloop_events_write eventloop_events_accept
    eventloop_events_time eventloop_events_per_wakeup
    eventloop_events_per_wakeup_max eventloop_events_per_wakeup_hist
    eventloop_reads_empty eventloop_writes_partial eventloop_ctl_calls
    eventloop_wait_sum eventloop_duration_sum eventloop_duration_cmd_sum
    instantaneous_eventloop_cycles_per_sec instantaneous_eventloop_duration_usec
    instantaneous_wakeups_per_sec instantaneous_events_per_wakeup}

# Counters that only grow until CONFIG RESETSTAT.
set eventloop_counters {eventloop_cycles eventloop_wakeups eventloop_wakeups_timeout
    eventloop_wakeups_interrupted eventloop_events eventloop_events_read
    eventloop_events_write eventloop_events_accept eventloop_events_time
    eventloop_events_per_wakeup_max eventloop_reads_empty eventloop_writes_partial
    eventloop_ctl_calls eventloop_wait_sum eventloop_duration_sum
    eventloop_duration_cmd_sum}

# One field of INFO eventloop; a missing field fails the test.
proc el {field} {
    return [el_get [el_all] $field]
}

proc el_all {} {
    return [info_parse [r info eventloop]]
}

proc el_get {fields field} {
    if {![dict exists $fields $field]} {
        fail "INFO eventloop has no field $field"
    }
    return [dict get $fields $field]
}

start_server {tags {mini-only}} {
    test "INFO eventloop is one section named Eventloop" {
        assert_equal {Eventloop} [info_sections [r info eventloop]]
    }

    test "INFO eventloop has every field" {
        set f [el_all]
        foreach field $eventloop_fields {
            assert {[dict exists $f $field]} "missing $field"
        }
    }

    test "INFO all includes the Eventloop section" {
        assert {"Eventloop" in [info_sections [r info all]]}
    }

    test "eventloop_backend is epoll and the trigger is level" {
        assert_equal epoll [el eventloop_backend]
        assert_match level* [el eventloop_trigger]
    }

    test "Every eventloop counter is a non-negative integer" {
        set f [el_all]
        foreach field [concat $eventloop_counters eventloop_setsize eventloop_registered_fds] {
            set value [el_get $f $field]
            assert {[string is wide -strict $value] && $value >= 0} "$field is '$value'"
        }
        foreach field {eventloop_events_per_wakeup instantaneous_eventloop_cycles_per_sec
                       instantaneous_eventloop_duration_usec instantaneous_wakeups_per_sec
                       instantaneous_events_per_wakeup} {
            set value [el_get $f $field]
            assert {[string is double -strict $value] && $value >= 0} "$field is '$value'"
        }
        assert {[el_get $f eventloop_events_per_wakeup_hist] ne ""}
    }

    test "eventloop_setsize covers maxclients" {
        set maxclients [lindex [r config get maxclients] 1]
        assert {[el eventloop_setsize] >= $maxclients}
    }

    test "eventloop_events_accept grows by one per new connection" {
        for {set i 1} {$i <= 3} {incr i} {
            set before [el eventloop_events_accept]
            set c [redis_client]
            $c ping
            assert_equal [expr {$before + 1}] [el eventloop_events_accept]
            $c close
        }
    }

    test "eventloop_registered_fds grows with each client and shrinks when it leaves" {
        # The previous test's last client may not be freed yet.
        wait_for_condition 100 20 {[status r connected_clients] == 1} else {
            fail "clients of earlier tests are still connected"
        }
        set before [el eventloop_registered_fds]
        set c1 [redis_client]
        set c2 [redis_client]
        $c1 ping
        $c2 ping
        assert_equal [expr {$before + 2}] [el eventloop_registered_fds]
        $c1 close
        $c2 close
        wait_for_condition 100 20 {[el eventloop_registered_fds] == $before} else {
            fail "registered fds stayed at [el eventloop_registered_fds], expected $before"
        }
    }

    test "eventloop_ctl_calls grows when a connection is registered" {
        set before [el eventloop_ctl_calls]
        set c [redis_client]
        $c ping
        assert {[el eventloop_ctl_calls] > $before}
        $c close
    }

    test "eventloop_events_read grows with each command read" {
        set c [redis_client]
        $c ping
        set before [el eventloop_events_read]
        for {set i 0} {$i < 20} {incr i} {
            $c ping
        }
        set grown [expr {[el eventloop_events_read] - $before}]
        # 20 PINGs waited for one by one, plus this INFO.
        assert {$grown >= 21} "grew by $grown"
        $c close
    }

    test "eventloop_wakeups and eventloop_cycles grow with traffic" {
        set wakeups [el eventloop_wakeups]
        set cycles [el eventloop_cycles]
        for {set i 0} {$i < 10} {incr i} {
            r ping
        }
        assert {[el eventloop_wakeups] >= $wakeups + 10}
        assert {[el eventloop_cycles] >= $cycles + 10}
    }

    test "eventloop_cycles is at least eventloop_wakeups" {
        set f [el_all]
        assert {[el_get $f eventloop_cycles] >= [el_get $f eventloop_wakeups]}
    }

    test "eventloop_events is at least the read, write and accept events" {
        set f [el_all]
        set parts [expr {[el_get $f eventloop_events_read] +
                         [el_get $f eventloop_events_write] +
                         [el_get $f eventloop_events_accept]}]
        assert {[el_get $f eventloop_events] >= $parts}
    }

    test "eventloop_events_per_wakeup_hist has the buckets 1 to 64+ and counts every wakeup" {
        set f [el_all]
        set hist [el_get $f eventloop_events_per_wakeup_hist]
        set names {}
        set sum 0
        foreach bucket [split $hist ,] {
            lassign [split $bucket =] name count
            lappend names $name
            incr sum $count
        }
        assert_equal {1 2-3 4-7 8-15 16-31 32-63 64+} $names
        assert_equal [el_get $f eventloop_wakeups] $sum
    }

    test "eventloop_events_per_wakeup is eventloop_events divided by eventloop_wakeups" {
        set f [el_all]
        set expected [expr {double([el_get $f eventloop_events]) /
                            [el_get $f eventloop_wakeups]}]
        set avg [el_get $f eventloop_events_per_wakeup]
        assert {abs($avg - $expected) <= 0.01} "average $avg, events/wakeups $expected"
    }

    test "eventloop_events_per_wakeup_max is at least 1 after traffic" {
        assert {[el eventloop_events_per_wakeup_max] >= 1}
    }

    test "eventloop_events_time grows while the server is idle (serverCron)" {
        set before [el eventloop_events_time]
        wait_for_condition 100 50 {[el eventloop_events_time] > $before + 2} else {
            fail "no time events fired"
        }
    }

    test "eventloop_wakeups_timeout grows while no client sends anything" {
        set before [el eventloop_wakeups_timeout]
        wait_for_condition 100 50 {[el eventloop_wakeups_timeout] > $before} else {
            fail "the poll call never timed out"
        }
    }

    test "eventloop_wait_sum grows while the server waits in the poll call" {
        set before [el eventloop_wait_sum]
        wait_for_condition 100 50 {[el eventloop_wait_sum] > $before} else {
            fail "no time was spent waiting"
        }
    }

    test "eventloop_duration_sum and eventloop_duration_cmd_sum grow with work" {
        set total [el eventloop_duration_sum]
        set cmd [el eventloop_duration_cmd_sum]
        set args {}
        for {set i 0} {$i < 20000} {incr i} {
            lappend args key$i value$i
        }
        r mset {*}$args
        r flushall
        assert {[el eventloop_duration_sum] > $total}
        assert {[el eventloop_duration_cmd_sum] > $cmd}
        assert {[el eventloop_duration_sum] >= [el eventloop_duration_cmd_sum]}
    }

    test "A 20 MB reply needs write events and partial writes" {
        r set big [string repeat x [expr {20 * 1024 * 1024}]]
        set writes [el eventloop_events_write]
        set partial [el eventloop_writes_partial]
        assert_equal [expr {20 * 1024 * 1024}] [string length [r get big]]
        assert {[el eventloop_events_write] > $writes}
        assert {[el eventloop_writes_partial] > $partial}
        r del big
    }

    test "CONFIG RESETSTAT zeroes the eventloop counters" {
        set fds [el eventloop_registered_fds]
        set c [redis_client]
        $c ping
        $c close
        wait_for_condition 100 20 {[el eventloop_registered_fds] == $fds} else {
            fail "the closed client is still registered"
        }
        r config resetstat
        set f [el_all]
        foreach field {eventloop_events_accept eventloop_writes_partial
                       eventloop_events_write eventloop_reads_empty} {
            assert_equal 0 [el_get $f $field] $field
        }
        # Only the loop iterations that carried the RESETSTAT reply and this
        # INFO (and perhaps a cron tick) have happened since.
        foreach field {eventloop_cycles eventloop_wakeups eventloop_events
                       eventloop_events_read eventloop_events_time} {
            assert_range [el_get $f $field] 0 5
        }
        assert_equal epoll [el_get $f eventloop_backend]
        assert_equal $fds [el_get $f eventloop_registered_fds]
    }

    test "Eventloop counters grow again after CONFIG RESETSTAT" {
        r config resetstat
        set c [redis_client]
        $c ping
        assert_equal 1 [el eventloop_events_accept]
        $c close
    }
}
