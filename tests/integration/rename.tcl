# Moving keys around: RENAME, RENAMENX, COPY, MOVE and SWAPDB, with their
# expiries, their errors, and keys that have expired but are still stored.

# The expires= count of database db in INFO keyspace, read through client c.
proc expire_count_of {c {db 0}} {
    set line [info_field $c keyspace db$db]
    if {$line eq ""} {
        return 0
    }
    regexp {expires=(\d+)} $line -> n
    return $n
}

# Waits until keys given PX 1 before this call have expired, without looking
# them up (a lookup deletes an expired key): a marker key given the same
# time to live afterwards expires no earlier, so it is watched instead.
proc wait_for_expired {args} {
    r set wait_for_expired:marker x PX 1
    wait_for_condition 200 10 {[r exists wait_for_expired:marker] == 0} else {
        fail "a key with a 1 ms time to live did not expire"
    }
}

# hz 1: the cron's active expiry runs once a second, so keys whose time has
# passed usually are still stored when the next command looks at them.
start_server {overrides {hz 1}} {
    # --- RENAME / RENAMENX ----------------------------------------------------

    test "RENAME gives the value a new name and returns OK" {
        r flushall
        r set a 1
        assert_equal {status OK} [r typed rename a b]
        assert_equal 0 [r exists a]
        assert_equal 1 [r get b]
        assert_equal 1 [r dbsize]
    }

    test "RENAME replaces an existing destination and its expiry" {
        r set src v1
        r set dst v2 EX 100
        assert_equal OK [r rename src dst]
        assert_equal v1 [r get dst]
        assert_equal -1 [r ttl dst]
        assert_equal 0 [r exists src]
    }

    test "RENAME keeps the source's expiry" {
        r set src v PX 100000
        set before [r pexpiretime src]
        r rename src dst
        assert_equal $before [r pexpiretime dst]
        assert_equal 1 [expire_count_of r]
    }

    test "RENAME of a missing key is an error" {
        r del missing
        assert_error "ERR no such key" {r rename missing x}
        assert_error "ERR no such key" {r renamenx missing x}
        assert_equal 0 [r exists x]
    }

    test "RENAME of a key onto itself returns OK and changes nothing" {
        r set self v EX 100
        assert_equal {status OK} [r typed rename self self]
        assert_equal v [r get self]
        assert_range [r ttl self] 90 100
        assert_error "ERR no such key" {r rename nothing nothing}
    }

    test "RENAMENX renames only when the destination does not exist" {
        r flushall
        r set a 1
        r set b 2
        assert_equal {int 0} [r typed renamenx a b]
        assert_equal {1 2} [r mget a b]
        assert_equal {int 1} [r typed renamenx a c]
        assert_equal {{} 2 1} [r mget a b c]
    }

    test "RENAMENX of a key onto itself returns 0" {
        r set a 1
        assert_equal {int 0} [r typed renamenx a a]
        assert_equal 1 [r get a]
    }

    test "RENAME and RENAMENX keep binary keys and values intact" {
        r flushall
        r set "k\0\r\n" "v\0\xff"
        r rename "k\0\r\n" "n\0"
        assert_equal "v\0\xff" [r get "n\0"]
        assert_equal 1 [r renamenx "n\0" "\0"]
        assert_equal "v\0\xff" [r get "\0"]
    }


    test "RENAME and RENAMENX treat an expired key as missing" {
        r flushall
        r set gone v PX 1
        r set keep v
        wait_for_expired gone
        assert_error "ERR no such key" {r rename gone x}
        # An expired destination does not block RENAMENX.
        r set dst v PX 1
        wait_for_expired dst
        assert_equal 1 [r renamenx keep dst]
        assert_equal v [r get dst]
        assert_equal -1 [r ttl dst]
    }

    test "RENAME and RENAMENX check their number of arguments" {
        assert_error "ERR wrong number of arguments for 'rename' command" {r rename a}
        assert_error "ERR wrong number of arguments for 'renamenx' command" {r renamenx a b c}
    }

    # --- COPY -----------------------------------------------------------------

    test "COPY copies the value to a new key and returns 1" {
        r flushall
        r set src v
        assert_equal {int 1} [r typed copy src dst]
        assert_equal {v v} [r mget src dst]
        r set src changed
        assert_equal v [r get dst]
    }

    test "COPY keeps the expiry" {
        r set src v PX 100000
        r copy src withttl
        assert_equal [r pexpiretime src] [r pexpiretime withttl]
        r set plain v
        r copy plain noexp
        assert_equal -1 [r ttl noexp]
    }

    test "COPY does not overwrite an existing key without REPLACE" {
        r flushall
        r set src new
        r set dst old EX 100
        assert_equal {int 0} [r typed copy src dst]
        assert_equal old [r get dst]
        assert_equal {int 1} [r typed copy src dst REPLACE]
        assert_equal new [r get dst]
        assert_equal -1 [r ttl dst]
    }

    test "COPY of a missing key returns 0" {
        assert_equal {int 0} [r typed copy missing dst2]
        assert_equal 0 [r exists dst2]
    }


    test "COPY with DB copies into another database, keeping the expiry" {
        r flushall
        r set src v EX 100
        assert_equal 1 [r copy src src DB 3]
        assert_equal 1 [r copy src other db 3 replace]
        assert_equal 1 [r dbsize]
        set c [redis_client]
        $c select 3
        assert_equal {v v} [$c mget src other]
        assert_range [$c ttl src] 90 100
        assert_equal 0 [$c copy src other DB 3]
        $c close
    }

    test "COPY onto itself in the same database is an error" {
        r set src v
        assert_error "ERR source and destination objects are the same" {r copy src src}
        assert_error "ERR source and destination objects are the same" {r copy src src db 0}
        assert_error "ERR source and destination objects are the same" {r copy nokey nokey}
    }

    test "COPY option errors" {
        r set src v
        assert_error "ERR syntax error" {r copy src dst foo}
        assert_error "ERR syntax error" {r copy src dst db}
        assert_error "ERR value is not an integer or out of range" {r copy src dst db x}
        assert_error "ERR value is out of range, value must between -2147483648 and 2147483647" {
            r copy src dst db 99999999999
        }
        assert_error "ERR DB index is out of range" {r copy src dst db 16}
        assert_error "ERR DB index is out of range" {r copy src dst db -1}
        assert_error "ERR wrong number of arguments for 'copy' command" {r copy src}
        assert_equal 0 [r exists dst]
    }

    test "COPY treats an expired source or destination as missing" {
        r flushall
        r set gone v PX 1
        r set src v
        r set dst old PX 1
        wait_for_expired gone
        wait_for_expired dst
        assert_equal 0 [r copy gone x]
        assert_equal 1 [r copy src dst]
        assert_equal v [r get dst]
        assert_equal -1 [r pttl dst]
    }

    # --- MOVE -----------------------------------------------------------------

    test "MOVE moves a key to another database, keeping its expiry" {
        r flushall
        r set k v PX 100000
        set at [r pexpiretime k]
        assert_equal {int 1} [r typed move k 2]
        assert_equal 0 [r exists k]
        set c [redis_client]
        $c select 2
        assert_equal v [$c get k]
        assert_equal $at [$c pexpiretime k]
        $c close
    }

    test "MOVE returns 0 when the key is missing or exists in the target" {
        r flushall
        assert_equal {int 0} [r typed move missing 1]
        r set k here
        set c [redis_client]
        $c select 1
        $c set k there
        assert_equal 0 [r move k 1]
        assert_equal here [r get k]
        assert_equal there [$c get k]
        $c close
    }

    test "MOVE to the current database is an error" {
        r set k v
        assert_error "ERR source and destination objects are the same" {r move k 0}
        assert_error "ERR source and destination objects are the same" {r move missing 0}
    }

    test "MOVE with a bad database index" {
        assert_error "ERR DB index is out of range" {r move k 16}
        assert_error "ERR DB index is out of range" {r move k -1}
        assert_error "ERR value is not an integer or out of range" {r move k x}
        assert_error "ERR value is out of range, value must between -2147483648 and 2147483647" {
            r move k 99999999999
        }
        assert_error "ERR wrong number of arguments for 'move' command" {r move k}
        assert_equal 1 [r exists k]
    }

    test "MOVE treats an expired key, here or there, as missing" {
        r flushall
        r set gone v PX 1
        wait_for_expired gone
        assert_equal 0 [r move gone 1]
        set c [redis_client]
        $c select 1
        $c set k old PX 1
        r set k new
        wait_for_condition 100 20 {[$c pttl k] == -2} else {
            fail "key in db 1 did not expire"
        }
        assert_equal 1 [r move k 1]
        assert_equal new [$c get k]
        $c close
    }

    # --- SWAPDB ---------------------------------------------------------------

    test "SWAPDB exchanges two databases for every client" {
        r flushall
        r set k from0
        r set only0 x EX 100
        set c [redis_client]
        $c select 1
        $c set k from1
        assert_equal {status OK} [r typed swapdb 0 1]
        assert_equal from1 [r get k]
        assert_equal from0 [$c get k]
        assert_equal 1 [r dbsize]
        assert_equal 2 [$c dbsize]
        assert_range [$c ttl only0] 90 100
        assert_equal OK [r swapdb 1 0]
        assert_equal from0 [r get k]
        $c close
    }

    test "SWAPDB of a database with itself is OK" {
        assert_equal OK [r swapdb 0 0]
        assert_equal from0 [r get k]
    }

    test "SWAPDB moves the expiry state: keys expire in their new database" {
        r flushall
        r set soon v PX 50
        r swapdb 0 5
        set c [redis_client]
        $c select 5
        wait_for_condition 100 20 {[expire_count_of $c 5] == 0} else {
            fail "the moved volatile key never expired"
        }
        assert_equal 0 [$c dbsize]
        $c close
    }

    test "SWAPDB errors" {
        assert_error "ERR invalid first DB index" {r swapdb x 0}
        assert_error "ERR invalid second DB index" {r swapdb 0 x}
        assert_error "ERR invalid first DB index" {r swapdb 99999999999 0}
        assert_error "ERR DB index is out of range" {r swapdb 0 16}
        assert_error "ERR DB index is out of range" {r swapdb -1 0}
        assert_error "ERR wrong number of arguments for 'swapdb' command" {r swapdb 0}
    }

    test "RENAME, MOVE and COPY keep the value's encoding; RENAME and MOVE count as an access" {
        r flushall
        r set old abc
        r append old def
        assert_equal raw [r object encoding old]
        wait_for_condition 100 50 {[r object idletime old] >= 1} else {
            fail "idle time never reached 1 s"
        }
        r rename old new
        assert_equal raw [r object encoding new]
        assert_equal 0 [r object idletime new]
        r move new 3
        r select 3
        assert_equal raw [r object encoding new]
        r copy new copied
        assert_equal raw [r object encoding copied]
        r flushall
        r select 0
    }

    test "TTL and PTTL do not count as an access to the key" {
        r set quiet v
        wait_for_condition 100 50 {[r object idletime quiet] >= 1} else {
            fail "idle time never reached 1 s"
        }
        r ttl quiet
        r pttl quiet
        assert {[r object idletime quiet] >= 1}
    }
}

