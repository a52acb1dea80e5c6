# Key expiry: EXPIRE, PEXPIRE (with NX/XX/GT/LT), TTL, PTTL, PERSIST, how
# writes keep or clear a time to live, lazy expiry on access, the active
# expiry cycle, and the expired_keys stat.

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
