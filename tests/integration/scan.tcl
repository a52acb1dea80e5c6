# Walking the keyspace: KEYS (glob patterns), SCAN (cursor, MATCH, COUNT,
# TYPE, and its guarantee across table resizes) and RANDOMKEY.

# Runs a full SCAN with the given options; returns the sorted unique keys.
proc scan_all {args} {
    set cursor 0
    set keys {}
    set calls 0
    while 1 {
        lassign [r scan $cursor {*}$args] cursor batch
        lappend keys {*}$batch
        if {$cursor eq "0"} {
            break
        }
        if {[incr calls] > 100000} {
            fail "SCAN did not return to cursor 0"
        }
    }
    return [lsort -unique $keys]
}

# The largest cursor a full SCAN returns. Cursors are bucket positions,
# below the table's size (the larger table's while it rehashes), and spread
# over that range, so this tells how large the table is.
proc scan_max_cursor {} {
    set cursor 0
    set max 0
    while 1 {
        set cursor [lindex [r scan $cursor COUNT 50] 0]
        if {$cursor eq "0"} {
            return $max
        }
        if {$cursor > $max} {
            set max $cursor
        }
    }
}

# Sets each key in keys to 1 on one pipelined connection.
proc set_keys {keys} {
    set c [redis_client]
    $c deferred 1
    foreach k $keys {
        $c set $k 1
    }
    foreach k $keys {
        $c read
    }
    $c close
}

# An empty database but for "live" and "gone", which has expired but is
# still stored: nothing has looked it up since ("marker", expiring with it,
# was looked up to know when).
proc flush_with_expired_keys {} {
    r flushall
    r set live 1
    r set gone 1 PX 1
    r set marker 1 PX 1
    wait_for_condition 100 10 {[r exists marker] == 0} else {
        fail "marker did not expire"
    }
}

start_server {} {
    # --- KEYS -------------------------------------------------------------------

    test "KEYS * returns every key" {
        r flushall
        assert_equal {array {}} [r typed keys *]
        r mset a 1 b 2 c 3
        assert_equal {a b c} [lsort [r keys *]]
        assert_equal {array {{bulk a}}} [r typed keys a]
    }

    test "KEYS matches ? * classes ranges and escapes" {
        r flushall
        r mset hello 1 hallo 1 hxllo 1 hllo 1 heeeello 1 "h*llo" 1 foo:1 1 foo:22 1
        assert_equal {h*llo hallo hello hxllo} [lsort [r keys h?llo]]
        assert_equal {h*llo hallo heeeello hello hllo hxllo} [lsort [r keys h*llo]]
        assert_equal {hallo hello} [lsort [r keys {h[ae]llo}]]
        assert_equal {h*llo hallo hxllo} [lsort [r keys {h[^e]llo}]]
        assert_equal {hallo hello} [lsort [r keys {h[a-e]llo}]]
        assert_equal {hallo hello} [lsort [r keys {h[e-a]llo}]]
        assert_equal {h*llo} [r keys {h\*llo}]
        assert_equal {h*llo} [r keys {h[\*]llo}]
        assert_equal {foo:1} [r keys {foo:[0-9]}]
        assert_equal {foo:1 foo:22} [lsort [r keys foo:*]]
        assert_equal {} [r keys nomatch*]
    }

    test "KEYS reads ']' after '-' as the end of a range, as Redis does" {
        r flushall
        r mset a 1 _ 1 - 1 b 1
        assert_equal {_ a} [lsort [r keys {[a-]}]]
    }

    test "KEYS with binary keys and patterns" {
        r flushall
        r set "a\0b" 1
        r set "a\0c" 1
        r set "ab" 1
        assert_equal [list "a\0b" "a\0c"] [lsort [r keys "a\0*"]]
        assert_equal [list "a\0b"] [r keys "?\0b"]
    }

    test "KEYS does not list expired keys" {
        flush_with_expired_keys
        assert_equal {live} [r keys *]
        assert_equal {} [r keys g*]
    }

    test "KEYS looks only at the selected database" {
        r flushall
        r set in0 1
        r select 4
        r set in4 1
        assert_equal {in4} [r keys *]
        r select 0
        assert_equal {in0} [r keys *]
    }

    test "KEYS checks its number of arguments" {
        assert_error "ERR wrong number of arguments for 'keys' command" {r keys}
        assert_error "ERR wrong number of arguments for 'keys' command" {r keys a b}
    }

    # --- SCAN -------------------------------------------------------------------

    test "SCAN returns a cursor and a batch of keys, cursor 0 when done" {
        r flushall
        assert_equal {array {{bulk 0} {array {}}}} [r typed scan 0]
        r set only 1
        assert_equal {array {{bulk 0} {array {{bulk only}}}}} [r typed scan 0]
    }

    test "A full SCAN returns every key of 1000" {
        r flushall
        set keys {}
        for {set i 0} {$i < 1000} {incr i} {
            lappend keys key:$i
        }
        set_keys $keys
        assert_equal [lsort $keys] [scan_all]
        assert_equal [lsort $keys] [scan_all COUNT 3]
        assert_equal [lsort $keys] [scan_all COUNT 100000]
    }

    test "SCAN with a COUNT above the number of keys finishes in one call" {
        r flushall
        r mset a 1 b 2 c 3
        lassign [r scan 0 COUNT 1000] cursor keys
        assert_equal 0 $cursor
        assert_equal {a b c} [lsort $keys]
    }

    test "SCAN MATCH returns only matching keys" {
        r flushall
        set keys {}
        for {set i 0} {$i < 200} {incr i} {
            lappend keys user:$i item:$i
        }
        set_keys $keys
        set users [scan_all MATCH user:*]
        assert_equal 200 [llength $users]
        foreach k $users {
            assert_match user:* $k
        }
        # A repeated option: the last one counts.
        set want {}
        for {set i 10} {$i < 20} {incr i} {
            lappend want user:$i
        }
        assert_equal $want [scan_all match user:1* count 7 MATCH {user:1[0-9]}]
        assert_equal 400 [llength [scan_all MATCH *]]
    }

    test "SCAN TYPE filters by the type TYPE reports, any case" {
        r flushall
        r mset a 1 b 2
        assert_equal {a b} [scan_all TYPE string]
        assert_equal {a b} [scan_all type STRING]
        assert_equal {} [scan_all TYPE list]
        assert_equal {} [scan_all TYPE nosuchtype]
        assert_equal {a} [scan_all TYPE string MATCH a]
    }

    test "SCAN does not return expired keys" {
        flush_with_expired_keys
        assert_equal {live} [scan_all]
        assert_equal 0 [r exists gone]
    }

    test "SCAN reads its cursor as an unsigned number like Redis" {
        r flushall
        r mset a 1 b 2
        foreach cursor {0 00 +0 -0 ""} {
            lassign [r scan $cursor COUNT 100] next keys
            assert_equal {0 {a b}} [list $next [lsort $keys]] "cursor '$cursor'"
        }
        # A cursor past the table is legal; -1 wraps to the largest cursor.
        foreach cursor {-1 18446744073709551615 -18446744073709551615 12345} {
            assert_equal 2 [llength [r scan $cursor]] "cursor '$cursor'"
        }
    }

    test "SCAN with a bad cursor is an invalid cursor" {
        foreach cursor {x 1x 0x1 " 1" "1 " 1.5 - + 18446744073709551616
                        -18446744073709551616} {
            assert_error "ERR invalid cursor" {r scan $cursor}
        }
        assert_error "ERR invalid cursor" {r scan x COUNT 0}
    }

    test "SCAN option errors" {
        assert_error "ERR syntax error" {r scan 0 COUNT 0}
        assert_error "ERR syntax error" {r scan 0 COUNT -1}
        assert_error "ERR value is not an integer or out of range" {r scan 0 COUNT x}
        assert_error "ERR value is not an integer or out of range" {r scan 0 COUNT 1.5}
        assert_error "ERR syntax error" {r scan 0 COUNT}
        assert_error "ERR syntax error" {r scan 0 MATCH}
        assert_error "ERR syntax error" {r scan 0 TYPE}
        assert_error "ERR syntax error" {r scan 0 foo bar}
        assert_error "ERR syntax error" {r scan 0 MATCH * foo}
        assert_error "ERR wrong number of arguments for 'scan' command" {r scan}
    }

    test "SCAN with a huge COUNT is not an error" {
        r flushall
        r set a 1
        assert_equal {0 a} [r scan 0 COUNT 9223372036854775807]
    }

    test "SCAN returns every key present throughout while the table grows and shrinks" {
        r flushall
        set stable {}
        for {set i 0} {$i < 500} {incr i} {
            lappend stable stable:$i
        }
        set_keys $stable
        set seen [dict create]
        set cursor 0
        set phase grow
        set added 0
        set maxCursor 0
        set shrankMidScan 0
        set calls 0
        while 1 {
            lassign [r scan $cursor COUNT 20] cursor batch
            foreach k $batch {
                dict set seen $k 1
            }
            if {$cursor > $maxCursor} {
                set maxCursor $cursor
            }
            if {$cursor eq "0"} {
                break
            }
            incr calls
            switch $phase {
                grow {
                    # 1000 keys per call up to 30,000: the table grows (and
                    # rehashes incrementally) several times mid-scan.
                    set batchKeys {}
                    for {set j 0} {$j < 1000} {incr j} {
                        lappend batchKeys churn:[incr added]
                    }
                    set_keys $batchKeys
                    if {$added >= 30000} {
                        set phase delete
                    }
                }
                delete {
                    set c [redis_client]
                    $c deferred 1
                    for {set j 0} {$j < 1000 && $added > 0} {incr j} {
                        $c del churn:$added
                        incr added -1
                    }
                    for {set k 0} {$k < $j} {incr k} {
                        $c read
                    }
                    $c close
                    if {$added == 0} {
                        # The cron shrinks the now sparse table (of 32768
                        # buckets at the peak) to at most 4096 buckets.
                        wait_for_condition 100 50 {
                            [scan_max_cursor] < 4096
                        } else {
                            fail "the table did not shrink"
                        }
                        set shrankMidScan 1
                        set phase done
                    }
                }
            }
        }
        set missing {}
        foreach k $stable {
            if {![dict exists $seen $k]} {
                lappend missing $k
            }
        }
        assert_equal {} $missing "stable keys never returned"
        foreach k [dict keys $seen] {
            assert_match {[sc][th][au][br]*:*} $k
        }
        assert {$maxCursor >= 16384} \
            "the table never grew past 16384 buckets (max cursor $maxCursor)"
        assert {$shrankMidScan} "the scan ended before the table shrank"
        assert_equal 500 [r dbsize]
    }

    # --- RANDOMKEY ----------------------------------------------------------------

    test "RANDOMKEY of an empty database is nil" {
        r flushall
        assert_equal {nil {}} [r typed randomkey]
        set c [redis_client]
        $c hello 3
        assert_equal {nil {}} [$c typed randomkey]
        $c close
    }

    test "RANDOMKEY returns existing keys, each of them in time" {
        r flushall
        r mset a 1 b 2 c 3
        set seen [dict create]
        for {set i 0} {$i < 200} {incr i} {
            set k [r randomkey]
            assert {$k in {a b c}} "RANDOMKEY returned '$k'"
            dict set seen $k 1
        }
        assert_equal {a b c} [lsort [dict keys $seen]]
        assert_equal bulk [lindex [r typed randomkey] 0]
    }

    test "RANDOMKEY skips and deletes expired keys" {
        r flushall
        for {set i 0} {$i < 50} {incr i} {
            r set gone:$i 1 PX 1
        }
        r set live 1
        r set marker 1 PX 1
        wait_for_condition 100 10 {[r exists marker] == 0} else {
            fail "marker did not expire"
        }
        for {set i 0} {$i < 20} {incr i} {
            assert_equal live [r randomkey]
        }
        r del live
        assert_equal {nil {}} [r typed randomkey]
        assert_equal 0 [r dbsize]
    }

    test "RANDOMKEY checks its number of arguments" {
        assert_error "ERR wrong number of arguments for 'randomkey' command" {r randomkey x}
    }
}
