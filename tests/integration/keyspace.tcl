# The keyspace: DEL, UNLINK, EXISTS, TOUCH, TYPE, DBSIZE, FLUSHDB, FLUSHALL,
# binary-safe keys, independent databases, and a table that grows and shrinks.

# Writes count SET (or DEL when value is "") commands on one pipelined
# connection and checks every reply.
proc keyspace_bulk_write {prefix count {value x}} {
    set c [redis_client]
    $c deferred 1
    for {set i 0} {$i < $count} {incr i} {
        if {$value eq ""} {
            $c del $prefix$i
        } else {
            $c set $prefix$i $value$i
        }
    }
    set want [expr {$value eq "" ? 1 : "OK"}]
    for {set i 0} {$i < $count} {incr i} {
        set reply [$c read]
        if {$reply ne $want} {
            $c close
            fail "reply $i: expected $want got $reply"
        }
    }
    $c close
}

start_server {} {
    test "DEL of one existing key returns 1 and removes it" {
        r flushall
        r set a 1
        assert_equal {int 1} [r typed del a]
        assert_equal 0 [r exists a]
    }

    test "DEL of a missing key returns 0" {
        assert_equal {int 0} [r typed del missing]
    }

    test "DEL of several keys returns how many existed" {
        r mset a 1 b 2 c 3
        assert_equal 2 [r del a b missing]
        assert_equal {{} {} 3} [r mget a b c]
    }

    test "DEL counts a key named twice once" {
        r set a 1
        assert_equal 1 [r del a a]
    }

    test "DEL without a key is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'del' command" {r del}
    }

    test "EXISTS returns 1 for an existing key and 0 for a missing one" {
        r set a 1
        assert_equal {int 1} [r typed exists a]
        assert_equal {int 0} [r typed exists missing]
    }

    test "EXISTS counts a key each time it is named" {
        r set a 1
        r set b 2
        assert_equal 3 [r exists a a b missing]
    }

    test "EXISTS without a key is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'exists' command" {r exists}
    }

    test "DBSIZE counts the keys of the selected database" {
        r flushall
        assert_equal {int 0} [r typed dbsize]
        r mset a 1 b 2 c 3
        assert_equal 3 [r dbsize]
        r del a
        assert_equal 2 [r dbsize]
    }

    test "DBSIZE with an argument is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'dbsize' command" {r dbsize x}
    }

    test "FLUSHDB empties only the selected database" {
        r flushall
        r set in0 1
        r select 1
        r set in1 1
        assert_equal {status OK} [r typed flushdb]
        assert_equal 0 [r dbsize]
        r select 0
        assert_equal 1 [r dbsize]
    }

    test "FLUSHALL empties every database" {
        r set in0 1
        r select 5
        r set in5 1
        assert_equal {status OK} [r typed flushall]
        assert_equal 0 [r dbsize]
        r select 0
        assert_equal 0 [r dbsize]
    }

    test "Databases are independent keyspaces" {
        r flushall
        for {set db 0} {$db < 16} {incr db} {
            r select $db
            r set shared "value of db $db"
            for {set i 0} {$i < $db} {incr i} {
                r set own$i x
            }
        }
        for {set db 0} {$db < 16} {incr db} {
            r select $db
            assert_equal "value of db $db" [r get shared]
            assert_equal [expr {$db + 1}] [r dbsize]
        }
        r select 0
        r flushall
    }

    test "Keys are binary safe: NUL, CR and LF in a key" {
        set k1 "a\0b"
        set k2 "a\r\nb"
        set k3 "a"
        r set $k1 one
        r set $k2 two
        r set $k3 three
        assert_equal {one two three} [r mget $k1 $k2 $k3]
        assert_equal 3 [r dbsize]
        assert_equal 1 [r del $k1]
        assert_equal {{} two three} [r mget $k1 $k2 $k3]
        r flushall
    }

    test "Every single-byte key is a distinct key" {
        for {set i 0} {$i < 256} {incr i} {
            r set [format %c $i] $i
        }
        assert_equal 256 [r dbsize]
        for {set i 0} {$i < 256} {incr i} {
            assert_equal $i [r get [format %c $i]]
        }
        r flushall
    }

    test "The empty string is a valid key" {
        r set "" empty-key
        assert_equal empty-key [r get ""]
        assert_equal 1 [r exists ""]
        r del ""
    }

    test "100,000 keys can be added, read back and deleted" {
        r flushall
        keyspace_bulk_write key: 100000
        assert_equal 100000 [r dbsize]
        foreach i {0 1 4095 65536 99999} {
            assert_equal x$i [r get key:$i]
        }
        keyspace_bulk_write key: 100000 ""
        assert_equal 0 [r dbsize]
        assert_equal {nil {}} [r typed get key:500]
    }

    test "A keyspace that shrank still accepts new keys" {
        keyspace_bulk_write again: 1000
        assert_equal 1000 [r dbsize]
        assert_equal x999 [r get again:999]
        r flushall
    }
}

# UNLINK, TOUCH and TYPE.
start_server {} {
    test "UNLINK deletes keys like DEL and returns how many existed" {
        r flushall
        r mset a 1 b 2 c 3
        assert_equal {int 2} [r typed unlink a b missing]
        assert_equal {{} {} 3} [r mget a b c]
        assert_equal 1 [r unlink c c]
        assert_error "ERR wrong number of arguments for 'unlink' command" {r unlink}
    }

    test "TOUCH returns how many of the named keys exist" {
        r flushall
        r mset a 1 b 2
        assert_equal {int 2} [r typed touch a b missing]
        assert_equal 3 [r touch a a b]
        assert_equal 0 [r touch missing]
        assert_error "ERR wrong number of arguments for 'touch' command" {r touch}
    }

    test "TOUCH counts keyspace hits and misses like a read" {
        r flushall
        r config resetstat
        r set a 1
        r touch a missing
        assert_equal 1 [info_field r stats keyspace_hits]
        assert_equal 1 [info_field r stats keyspace_misses]
    }

    test "TYPE of a string is string, of a missing key none" {
        r set s v
        assert_equal {status string} [r typed type s]
        assert_equal {status none} [r typed type missing]
        assert_error "ERR wrong number of arguments for 'type' command" {r type}
        assert_error "ERR wrong number of arguments for 'type' command" {r type a b}
    }

    test "UNLINK, TOUCH and TYPE treat an expired key as missing" {
        r flushall
        r set a 1 PX 1
        r set b 1 PX 1
        r set c 1 PX 1
        r set marker 1 PX 1
        wait_for_condition 100 10 {[r exists marker] == 0} else {
            fail "marker did not expire"
        }
        assert_equal 0 [r unlink a]
        assert_equal 0 [r touch b]
        assert_equal none [r type c]
        assert_equal 0 [r dbsize]
    }
}
