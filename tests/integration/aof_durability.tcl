# Crash test: a writer sends a pipeline of INCRs and SETs, records every
# write the server acknowledged, and the server is killed with SIGKILL
# after a random number of replies, while it is still working through the
# rest. After a restart every acknowledged write must be there: each
# counter at least its acknowledged INCRs and at most its sent ones, each
# acknowledged SET with its value. With appendfsync always this holds for
# every write; with everysec for every write acknowledged more than about a
# second before the kill (the test allows two).
#
# AOF_CRASH_CYCLES sets the number of kills (default 3; `make
# test-durability` runs 100). AOF_CRASH_SEED picks the random moments.

set aof_crash_cycles 3
if {[info exists ::env(AOF_CRASH_CYCLES)] && [string is integer -strict $::env(AOF_CRASH_CYCLES)]} {
    set aof_crash_cycles $::env(AOF_CRASH_CYCLES)
}
set aof_crash_seed [expr {[clock milliseconds] % 1000000}]
if {[info exists ::env(AOF_CRASH_SEED)] && [string is integer -strict $::env(AOF_CRASH_SEED)]} {
    set aof_crash_seed $::env(AOF_CRASH_SEED)
}
set aof_crash_counters 5
set aof_crash_batch 3000

# Kills the server's rewrite child, if one was left running by the kill.
proc aof_crash_kill_orphan {} {
    if {[regexp {.*rewriting started by pid ([0-9]+)} [aof_server_log] -> child]} {
        catch {exec kill -KILL $child}
    }
}

# Checks every acknowledged SET of the list {key value ...}, in batches.
proc aof_crash_check_sets {acked} {
    set keys [dict keys $acked]
    for {set i 0} {$i < [llength $keys]} {incr i 200} {
        set batch [lrange $keys $i [expr {$i + 199}]]
        set values [r mget {*}$batch]
        foreach key $batch value $values {
            if {$value ne [dict get $acked $key]} {
                fail "acknowledged SET $key [dict get $acked $key] lost: found '$value'"
            }
        }
    }
}

start_server {overrides {appendonly yes appendfsync always}} {
    test "appendfsync always: every acknowledged write survives SIGKILL at a random moment ($aof_crash_cycles kills, seed $aof_crash_seed)" {
        prng_seed $aof_crash_seed
        for {set n 0} {$n < $aof_crash_counters} {incr n} {
            set low($n) 0
            set high($n) 0
        }
        for {set cycle 0} {$cycle < $aof_crash_cycles} {incr cycle} {
            # Now and then the kill comes while a rewrite runs too.
            if {$cycle % 3 == 2} {
                catch {r bgrewriteaof}
            }
            set c [redis_client 127.0.0.1 [srv port]]
            $c deferred 1
            set sent {}
            for {set i 0} {$i < $aof_crash_batch} {incr i} {
                if {$i % 2} {
                    set n [expr {$i % $aof_crash_counters}]
                    $c incr ctr:$n
                    lappend sent [list incr $n]
                    incr high($n)
                } else {
                    $c set s:$cycle:$i v$cycle.$i
                    lappend sent [list set s:$cycle:$i v$cycle.$i]
                }
            }
            set stop [prng_int $aof_crash_batch]
            set acked {}
            for {set i 0} {$i < $stop} {incr i} {
                set reply [$c read]
                lassign [lindex $sent $i] kind a b
                if {$kind eq "incr"} {
                    incr low($a)
                } else {
                    assert_equal OK $reply
                    dict set acked $a $b
                }
            }
            restart_server kill
            $c close
            aof_crash_kill_orphan
            for {set n 0} {$n < $aof_crash_counters} {incr n} {
                set value [r get ctr:$n]
                if {$value eq ""} {
                    set value 0
                }
                if {$value < $low($n) || $value > $high($n)} {
                    fail "cycle $cycle: ctr:$n is $value, acknowledged $low($n), sent $high($n)"
                }
                # What survived is the floor and ceiling from here on.
                set low($n) $value
                set high($n) $value
            }
            aof_crash_check_sets $acked
        }
    }
}

start_server {overrides {appendonly yes appendfsync everysec}} {
    test "appendfsync everysec: writes acknowledged more than two seconds before SIGKILL survive it" {
        set c [redis_client 127.0.0.1 [srv port]]
        $c deferred 1
        set start [clock milliseconds]
        set acked {}
        set incrs {}
        set i 0
        while {[clock milliseconds] - $start < 3000} {
            for {set j 0} {$j < 10} {incr j; incr i} {
                $c set e:$i v$i
                $c incr everysec
            }
            for {set j 0} {$j < 10} {incr j} {
                assert_equal OK [$c read]
                set n [$c read]
                set now [clock milliseconds]
                lappend acked [list $now e:[expr {$i - 10 + $j}] v[expr {$i - 10 + $j}]]
                lappend incrs [list $now $n]
            }
        }
        set killed [clock milliseconds]
        restart_server kill
        $c close
        set old {}
        foreach entry $acked {
            lassign $entry at key value
            if {$at < $killed - 2000} {
                dict set old $key $value
            }
        }
        assert {[dict size $old] > 0}
        aof_crash_check_sets $old
        set floor 0
        foreach entry $incrs {
            lassign $entry at n
            if {$at < $killed - 2000} {
                set floor $n
            }
        }
        assert {[r get everysec] >= $floor} "everysec [r get everysec] < $floor"
    }
}
