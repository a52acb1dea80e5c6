# Key expiry: EXPIRE, PEXPIRE (with NX/XX/GT/LT), TTL, PTTL, PERSIST, how
# writes keep or clear a time to live, lazy expiry on access, the active
# expiry cycle, and the expired_keys stat.

# The expires count of database db in INFO keyspace (0 when it has no line).
proc expire_count {{db 0}} {
    set line [info_field r keyspace db$db]
    if {$line eq ""} {
        return 0
    }
    if {![regexp {expires=(\d+)} $line -> n]} {
        fail "no expires= in the INFO keyspace line '$line'"
    }
    return $n
}

# Runs a command on r and checks its typed reply and then the expires count.
proc expire_step {want_reply want_expires args} {
    assert_equal $want_reply [r typed {*}$args] "reply to '$args'"
    assert_equal $want_expires [expire_count] "expires= after '$args'"
}

start_server {} {
    test "TTL and PTTL of a missing key are -2" {
        r flushall
        assert_equal {int -2} [r typed ttl missing]
        assert_equal {int -2} [r typed pttl missing]
    }

    test "TTL and PTTL of a key without an expire are -1" {
        r set k v
        assert_equal {int -1} [r typed ttl k]
        assert_equal {int -1} [r typed pttl k]
    }

    test "EXPIRE sets a time to live in seconds and returns 1" {
        r set k v
        assert_equal {int 1} [r typed expire k 100]
        assert_range [r ttl k] 1 100
        assert_range [r pttl k] 1 100000
    }

    test "PEXPIRE sets a time to live in milliseconds and returns 1" {
        r set k v
        assert_equal {int 1} [r typed pexpire k 100000]
        assert_range [r pttl k] 1 100000
        assert_range [r ttl k] 1 100
    }

    test "EXPIRE of a missing key returns 0" {
        assert_equal {int 0} [r typed expire missing 100]
        assert_equal {int 0} [r typed pexpire missing 100]
        assert_equal 0 [r exists missing]
    }

    test "EXPIRE with a negative time deletes the key and returns 1" {
        r set k v
        assert_equal 1 [r expire k -1]
        assert_equal 0 [r exists k]
    }

    test "EXPIRE with zero deletes the key" {
        r set k v
        assert_equal 1 [r expire k 0]
        assert_equal 0 [r exists k]
    }

    test "PEXPIRE with a negative time deletes the key" {
        r set k v
        assert_equal 1 [r pexpire k -1000]
        assert_equal -2 [r pttl k]
    }

    test "EXPIRE with a non-integer time is not an integer" {
        r set k v
        assert_error "ERR value is not an integer or out of range" {r expire k abc}
        assert_error "ERR value is not an integer or out of range" {r pexpire k 1.5}
        assert_equal -1 [r ttl k]
    }

    test "EXPIRE with a time that overflows is an invalid expire time" {
        r set k v
        assert_error "ERR invalid expire time in 'expire' command" {
            r expire k 9223372036854775807
        }
        assert_error "ERR invalid expire time in 'expire' command" {
            r expire k 9223372036854775
        }
        assert_error "ERR invalid expire time in 'pexpire' command" {
            r pexpire k 9223372036854775807
        }
        assert_equal -1 [r ttl k]
    }

    test "EXPIRE with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'expire' command" {r expire k}
        assert_error "ERR wrong number of arguments for 'pexpire' command" {r pexpire}
        assert_error "ERR wrong number of arguments for 'ttl' command" {r ttl}
        assert_error "ERR wrong number of arguments for 'pttl' command" {r pttl a b}
        assert_error "ERR wrong number of arguments for 'persist' command" {r persist}
    }

    test "EXPIRE NX sets a time to live only on a key without one" {
        r set k v
        assert_equal 1 [r expire k 100 NX]
        assert_equal 0 [r expire k 200 NX]
        assert_range [r ttl k] 1 100
    }

    test "EXPIRE XX sets a time to live only on a key that has one" {
        r set k v
        assert_equal 0 [r expire k 100 XX]
        assert_equal -1 [r ttl k]
        r expire k 100
        assert_equal 1 [r expire k 200 XX]
        assert_range [r ttl k] 101 200
    }

    test "EXPIRE GT only raises a time to live" {
        r set k v EX 100
        assert_equal 0 [r expire k 50 GT]
        assert_range [r ttl k] 51 100
        assert_equal 1 [r expire k 200 GT]
        assert_range [r ttl k] 101 200
    }

    test "EXPIRE GT on a key without a time to live does nothing" {
        r set k v
        assert_equal 0 [r expire k 100 GT]
        assert_equal -1 [r ttl k]
    }

    test "EXPIRE LT only lowers a time to live" {
        r set k v EX 100
        assert_equal 0 [r expire k 200 LT]
        assert_range [r ttl k] 1 100
        assert_equal 1 [r expire k 50 LT]
        assert_range [r ttl k] 1 50
    }

    test "EXPIRE LT on a key without a time to live sets one" {
        r set k v
        assert_equal 1 [r expire k 100 LT]
        assert_range [r ttl k] 1 100
    }

    test "PEXPIRE accepts the same options" {
        r set k v
        assert_equal 1 [r pexpire k 100000 nx]
        assert_equal 1 [r pexpire k 200000 gt]
        assert_equal 0 [r pexpire k 300000 lt]
        assert_range [r pttl k] 100001 200000
    }

    test "EXPIRE with NX and XX, GT or LT is an error" {
        r set k v
        set msg "ERR NX and XX, GT or LT options at the same time are not compatible"
        assert_error $msg {r expire k 100 NX XX}
        assert_error $msg {r expire k 100 NX GT}
        assert_error $msg {r expire k 100 LT NX}
        assert_equal -1 [r ttl k]
    }

    test "EXPIRE with GT and LT is an error" {
        assert_error "ERR GT and LT options at the same time are not compatible" {
            r expire k 100 GT LT
        }
    }

    test "EXPIRE with an unknown option is an error" {
        assert_error "ERR Unsupported option foo" {r expire k 100 foo}
    }

    test "PERSIST removes the time to live and returns 1" {
        r set k v EX 100
        assert_equal {int 1} [r typed persist k]
        assert_equal -1 [r ttl k]
    }

    test "PERSIST of a key without a time to live returns 0" {
        r set k v
        assert_equal {int 0} [r typed persist k]
    }

    test "PERSIST of a missing key returns 0" {
        assert_equal {int 0} [r typed persist missing]
    }

    test "INCR keeps the time to live of the key" {
        r set n 1 EX 100
        r incr n
        r incrby n 5
        assert_equal 7 [r get n]
        assert_range [r ttl n] 1 100
    }

    test "DEL then SET gives a key without a time to live" {
        r set k v EX 100
        r del k
        r set k v
        assert_equal -1 [r ttl k]
    }

    test "A key is gone once its time to live has passed" {
        r set short v PX 50
        wait_for_condition 200 10 {[r exists short] == 0} else {
            fail "the key never expired"
        }
        assert_equal {nil {}} [r typed get short]
        assert_equal -2 [r ttl short]
    }

    test "GET never returns a key after its expire time" {
        set at [expr {[clock milliseconds] + 100}]
        r set lazy v PXAT $at
        while {1} {
            set sent_at [clock milliseconds]
            set reply [r typed get lazy]
            if {$reply eq {nil {}}} {
                break
            }
            if {$sent_at > $at} {
                fail "GET sent [expr {$sent_at - $at}]ms after the expire time returned $reply"
            }
            after 2
        }
    }

    test "An expired key can be set again without a time to live" {
        r set again v PX 20
        wait_for_condition 200 10 {[r exists again] == 0} else {
            fail "the key never expired"
        }
        r set again w
        assert_equal w [r get again]
        assert_equal -1 [r ttl again]
    }

    test "Keys that are never accessed are removed by active expiry" {
        r flushall
        for {set i 0} {$i < 100} {incr i} {
            r set active$i v PX 100
        }
        r set survivor v
        assert_equal 101 [r dbsize]
        wait_for_condition 200 50 {[r dbsize] == 1} else {
            fail "active expiry left [r dbsize] keys"
        }
        assert_equal v [r get survivor]
    }

    test "Active expiry works in every database" {
        r flushall
        set c [redis_client]
        $c select 9
        for {set i 0} {$i < 20} {incr i} {
            $c set active$i v PX 100
        }
        wait_for_condition 200 50 {[$c dbsize] == 0} else {
            fail "active expiry left [$c dbsize] keys in db 9"
        }
        $c close
    }

    test "expired_keys counts each key removed by expiry" {
        r flushall
        set before [status r expired_keys]
        for {set i 0} {$i < 50} {incr i} {
            r set gone$i v PX 50
        }
        wait_for_condition 200 50 {[r dbsize] == 0} else {
            fail "keys did not expire"
        }
        assert_equal [expr {$before + 50}] [status r expired_keys]
    }

    test "A key that expires while being read counts once in expired_keys" {
        set before [status r expired_keys]
        r set lazy v PX 10
        wait_for_condition 200 10 {[r exists lazy] == 0} else {
            fail "the key never expired"
        }
        assert_equal [expr {$before + 1}] [status r expired_keys]
    }

    test "SET with PXAT or EXAT in the past counts the key once in expired_keys" {
        r flushall
        set before [status r expired_keys]
        assert_equal {status OK} [r typed set past v PXAT 1]
        wait_for_condition 100 50 {[status r expired_keys] == $before + 1} else {
            fail "expired_keys is [status r expired_keys], was $before before the SET"
        }
        assert_equal 0 [r exists past]
        assert_equal 0 [r dbsize]
        # Over an existing key, and with GET.
        r set past old
        assert_equal {status OK} [r typed set past v EXAT 1]
        wait_for_condition 100 50 {[status r expired_keys] == $before + 2} else {
            fail "expired_keys is [status r expired_keys], was [expr {$before + 1}] before the SET"
        }
        r set past old EX 100
        assert_equal {bulk old} [r typed set past v PXAT 1 GET]
        wait_for_condition 100 50 {[status r expired_keys] == $before + 3} else {
            fail "expired_keys is [status r expired_keys], was [expr {$before + 2}] before the SET"
        }
        assert_equal 0 [r exists past]
        assert_equal [expr {$before + 3}] [status r expired_keys]
        assert_equal 0 [expire_count]
    }

    test "Deleting a key with a time to live does not count as expired" {
        set before [status r expired_keys]
        r set k v EX 100
        r del k
        assert_equal $before [status r expired_keys]
    }

    test "EXPIRE with a negative time does not count as expired" {
        set before [status r expired_keys]
        r set k v
        r expire k -1
        assert_equal $before [status r expired_keys]
    }
}

# The expires count (INFO keyspace) on a large keyspace: active expiry must
# find every volatile key among many without a TTL, and every write that
# gives, changes, keeps or drops a TTL keeps the count exact.
start_server {} {
    test "Active expiry finds 1,000 volatile keys among 100,000 keys without a TTL" {
        r flushall
        set before [status r expired_keys]
        for {set batch 0} {$batch < 100} {incr batch} {
            set args {}
            for {set i [expr {$batch * 1000}]} {$i < ($batch + 1) * 1000} {incr i} {
                lappend args key:$i $i
            }
            r mset {*}$args
        }
        set c [redis_client]
        $c deferred 1
        for {set i 0} {$i < 1000} {incr i} {
            $c set vol:$i v PX 100
        }
        for {set i 0} {$i < 1000} {incr i} {
            assert_equal OK [$c read]
        }
        $c close
        # Only DBSIZE and INFO: nothing here looks a volatile key up.
        wait_for_condition 200 50 {[r dbsize] == 100000} else {
            fail "active expiry left [expr {[r dbsize] - 100000}] of 1000 volatile keys"
        }
        assert_equal 0 [expire_count]
        assert_match "keys=100000,expires=0,avg_ttl=0" [info_field r keyspace db0]
        assert_equal [expr {$before + 1000}] [status r expired_keys]
    }

    test "The expires count stays exact as TTLs are given, changed, kept, dropped and deleted" {
        assert_equal 0 [expire_count]
        expire_step {int 1} 1 expire key:1 100
        expire_step {int 1} 2 pexpire key:2 100000
        # Changing a TTL is not another volatile key.
        expire_step {int 1} 2 expire key:1 200
        expire_step {int 0} 2 expire key:1 300 NX
        expire_step {int 1} 2 expire key:1 400 GT
        expire_step {int 1} 1 persist key:1
        expire_step {int 0} 1 persist key:1
        # SET drops the TTL, SET KEEPTTL keeps it.
        expire_step {status OK} 0 set key:2 new
        assert_equal -1 [r ttl key:2]
        expire_step {int 1} 1 expire key:3 100
        expire_step {status OK} 1 set key:3 kept KEEPTTL
        assert_range [r ttl key:3] 1 100
        # SET with a TTL over a key without one, and on a new key.
        expire_step {status OK} 2 set key:4 v EX 100
        expire_step {status OK} 3 set new:1 v EX 100
        expire_step {status OK} 3 set new:1 w KEEPTTL
        expire_step {status OK} 3 set new:1 x PX 50000
        expire_step {nil {}} 3 set new:1 y NX
        expire_step {bulk x} 2 set new:1 y XX GET
        assert_equal -1 [r ttl new:1]
        # INCR keeps the TTL; MSET drops it.
        expire_step {status OK} 3 set n 5 EX 100
        expire_step {int 6} 3 incr n
        expire_step {status OK} 2 mset key:4 a key:5 b
        assert_equal -1 [r ttl key:4]
        # Deleting a volatile key, a key without a TTL, and a missing key.
        expire_step {int 1} 1 del key:3
        expire_step {int 1} 1 del key:6
        expire_step {int 0} 1 del key:3
        expire_step {int 1} 1 exists n
        # A TTL in the past deletes the key.
        expire_step {int 1} 0 expire n -1
        assert_equal 0 [r exists n]
        # A key that expires and is then looked up.
        expire_step {status OK} 1 set short v PX 50
        wait_for_condition 100 20 {[r exists short] == 0} else {
            fail "the key with a 50ms TTL never expired"
        }
        assert_equal 0 [expire_count]
        # Each database counts its own.
        r select 9
        r set a v EX 100
        r set b v
        assert_match "keys=2,expires=1,avg_ttl=*" [info_field r keyspace db9]
        r select 0
        assert_equal 0 [expire_count]
        expire_step {status OK} 1 set key:7 v EX 100
        r select 9
        r flushdb
        r select 0
        assert_equal "" [info_field r keyspace db9]
        assert_match "keys=99999,expires=1,avg_ttl=*" [info_field r keyspace db0]
        r flushall
        assert_equal "# Keyspace\r\n" [r info keyspace]
        r set key:1 v
        assert_equal 0 [expire_count]
    }
}
