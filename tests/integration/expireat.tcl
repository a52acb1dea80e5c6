# Absolute expiry: EXPIREAT, PEXPIREAT (with NX/XX/GT/LT), EXPIRETIME,
# PEXPIRETIME, and how the relative forms relate to them.

# Unix time in seconds and milliseconds, by this machine's clock (the same
# clock as the server's).
proc now_s {} { return [clock seconds] }
proc now_ms {} { return [clock milliseconds] }

start_server {} {
    test "EXPIREAT sets the expiry to a unix time in seconds and returns 1" {
        r flushall
        r set k v
        set at [expr {[now_s] + 100}]
        assert_equal {int 1} [r typed expireat k $at]
        assert_equal [list int $at] [r typed expiretime k]
        assert_equal [list int [expr {$at * 1000}]] [r typed pexpiretime k]
        assert_range [r ttl k] 95 100
    }

    test "PEXPIREAT sets the expiry to a unix time in milliseconds" {
        r set k v
        set at [expr {[now_ms] + 100123}]
        assert_equal {int 1} [r typed pexpireat k $at]
        assert_equal $at [r pexpiretime k]
        assert_range [r pttl k] 90000 100123
    }

    test "EXPIRETIME rounds the expiry to the nearest second" {
        r set k v
        r pexpireat k 4000000000499
        assert_equal 4000000000 [r expiretime k]
        r pexpireat k 4000000000500
        assert_equal 4000000001 [r expiretime k]
    }

    test "EXPIRETIME and PEXPIRETIME of a missing key are -2" {
        assert_equal {int -2} [r typed expiretime missing]
        assert_equal {int -2} [r typed pexpiretime missing]
    }

    test "EXPIRETIME and PEXPIRETIME of a key without an expiry are -1" {
        r set k v
        assert_equal {int -1} [r typed expiretime k]
        assert_equal {int -1} [r typed pexpiretime k]
    }

    test "EXPIRETIME reports what EXPIRE and SET EX set" {
        r set k v EX 1000
        assert_range [r expiretime k] [expr {[now_s] + 990}] [expr {[now_s] + 1001}]
        set before [now_ms]
        r pexpire k 500000
        assert_range [r pexpiretime k] [expr {$before + 499000}] [expr {[now_ms] + 500000}]
    }

    test "EXPIREAT and PEXPIREAT of a missing key return 0" {
        assert_equal {int 0} [r typed expireat missing [expr {[now_s] + 100}]]
        assert_equal {int 0} [r typed pexpireat missing [expr {[now_ms] + 100000}]]
        assert_equal 0 [r exists missing]
    }

    test "EXPIREAT with a time in the past deletes the key and returns 1" {
        r set k v
        assert_equal 1 [r expireat k [expr {[now_s] - 10}]]
        assert_equal 0 [r exists k]
        r set k v
        assert_equal 1 [r pexpireat k 1]
        assert_equal 0 [r exists k]
        r set k v
        assert_equal 1 [r expireat k -5]
        assert_equal 0 [r exists k]
    }

    test "EXPIREAT NX, XX, GT and LT compare with the current expiry" {
        set t [expr {[now_s] + 1000}]
        r set k v
        assert_equal 0 [r expireat k $t XX]
        assert_equal -1 [r expiretime k]
        assert_equal 1 [r expireat k $t NX]
        assert_equal 0 [r expireat k [expr {$t + 1}] NX]
        assert_equal 0 [r expireat k [expr {$t - 1}] GT]
        assert_equal 0 [r expireat k $t GT]
        assert_equal $t [r expiretime k]
        assert_equal 1 [r expireat k [expr {$t + 5}] GT]
        assert_equal 0 [r expireat k [expr {$t + 9}] LT]
        assert_equal 1 [r expireat k [expr {$t + 2}] lt]
        assert_equal 1 [r expireat k [expr {$t + 3}] xx]
        assert_equal [expr {$t + 3}] [r expiretime k]
    }

    test "EXPIREAT GT and LT treat a key without an expiry as never expiring" {
        r set k v
        assert_equal 0 [r expireat k [expr {[now_s] + 100}] GT]
        assert_equal -1 [r expiretime k]
        assert_equal 1 [r expireat k [expr {[now_s] + 100}] LT]
        assert_equal 0 [r pexpireat k [expr {[now_ms] + 10}] gt]
    }

    test "PEXPIREAT in the past with a condition that fails keeps the key" {
        r set k v EX 100
        assert_equal 0 [r pexpireat k 1 GT]
        assert_equal 1 [r exists k]
        assert_equal 1 [r pexpireat k 1 LT]
        assert_equal 0 [r exists k]
    }

    test "EXPIREAT option errors" {
        r set k v
        set at [expr {[now_s] + 100}]
        assert_error "ERR NX and XX, GT or LT options at the same time are not compatible" {
            r expireat k $at NX LT
        }
        assert_error "ERR GT and LT options at the same time are not compatible" {
            r pexpireat k $at gt lt
        }
        assert_error "ERR Unsupported option bogus" {r expireat k $at bogus}
        assert_equal -1 [r ttl k]
    }

    test "EXPIREAT with a time that is not an integer" {
        assert_error "ERR value is not an integer or out of range" {r expireat k soon}
        assert_error "ERR value is not an integer or out of range" {r pexpireat k 1.5}
        assert_error "ERR value is not an integer or out of range" {
            r pexpireat k 99999999999999999999
        }
    }

    test "EXPIREAT seconds that overflow milliseconds are an invalid expire time" {
        r set k v
        assert_equal 1 [r pexpireat k 9223372036854775807]
        assert_equal 9223372036854775807 [r pexpiretime k]
        assert_equal 9223372036854776 [r expiretime k]
        assert_equal 1 [r expireat k 9223372036854775]
        assert_equal 9223372036854775 [r expiretime k]
        assert_error "ERR invalid expire time in 'expireat' command" {
            r expireat k 9223372036854776
        }
        assert_error "ERR invalid expire time in 'expireat' command" {
            r expireat k -9223372036854776
        }
        assert_equal 9223372036854775 [r expiretime k]
    }

    test "EXPIRE of a time that overflows when added to now is an invalid expire time" {
        r set k v
        assert_error "ERR invalid expire time in 'expire' command" {
            r expire k 9223372036854775
        }
        assert_error "ERR invalid expire time in 'pexpire' command" {
            r pexpire k 9223372036854775807
        }
        assert_equal -1 [r ttl k]
    }

    test "EXPIREAT and the *TIME commands check their number of arguments" {
        assert_error "ERR wrong number of arguments for 'expireat' command" {r expireat k}
        assert_error "ERR wrong number of arguments for 'pexpireat' command" {r pexpireat}
        assert_error "ERR wrong number of arguments for 'expiretime' command" {r expiretime}
        assert_error "ERR wrong number of arguments for 'pexpiretime' command" {
            r pexpiretime a b
        }
    }

    test "A key past its EXPIREAT time is missing to EXPIRETIME" {
        r set k v
        r pexpireat k [expr {[now_ms] + 50}]
        wait_for_condition 100 20 {[r pexpiretime k] == -2} else {
            fail "key with a past expiry still has an expiry time"
        }
        assert_equal 0 [r exists k]
    }
}
