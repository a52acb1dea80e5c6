# CONFIG GET (exact names, glob patterns, several patterns), CONFIG SET
# (changes visible at once, invalid values, unknown options) and
# CONFIG RESETSTAT.

start_server {overrides {timeout 0 hz 10}} {
    test "CONFIG GET of one directive returns its name and value" {
        assert_equal [list port [srv port]] [r config get port]
        assert_equal {bind 127.0.0.1} [r config get bind]
        assert_equal {timeout 0} [r config get timeout]
    }

    test "CONFIG GET returns the documented defaults" {
        assert_equal {databases 16} [r config get databases]
        assert_equal {proto-max-bulk-len 536870912} [r config get proto-max-bulk-len]
        assert_equal {client-query-buffer-limit 1073741824} \
            [r config get client-query-buffer-limit]
        assert_equal {maxmemory 0} [r config get maxmemory]
    }

    test "CONFIG GET with a glob pattern returns every matching directive" {
        set reply [r config get max*]
        assert_equal 0 [expr {[llength $reply] % 2}]
        assert {[dict exists $reply maxclients]}
        assert {[dict exists $reply maxmemory]}
        dict for {name value} $reply {
            assert_match max* $name
        }
    }

    test "CONFIG GET with a pattern that matches nothing returns an empty array" {
        assert_equal {array {}} [r typed config get no-such-directive*]
        assert_equal {array {}} [r typed config get no-such-directive]
    }

    test "CONFIG GET with several patterns returns the union" {
        set reply [r config get port timeout databases]
        assert_equal 6 [llength $reply]
        assert_equal [srv port] [dict get $reply port]
        assert_equal 0 [dict get $reply timeout]
        assert_equal 16 [dict get $reply databases]
    }

    test "CONFIG GET without a pattern is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'config|get' command" {r config get}
    }

    test "CONFIG SET changes a value that CONFIG GET then returns" {
        assert_equal {status OK} [r typed config set timeout 300]
        assert_equal {timeout 300} [r config get timeout]
        r config set timeout 0
    }

    set default_maxclients [lindex [r config get maxclients] 1]

    test "CONFIG SET of maxclients is visible in INFO clients" {
        r config set maxclients 500
        assert_equal {maxclients 500} [r config get maxclients]
        assert_equal 500 [info_field r clients maxclients]
        r config set maxclients $default_maxclients
    }

    test "CONFIG SET of hz is visible in INFO server" {
        r config set hz 20
        assert_equal 20 [info_field r server hz]
        r config set hz 10
    }

    test "CONFIG SET accepts memory units and CONFIG GET returns bytes" {
        r config set maxmemory 100mb
        assert_equal {maxmemory 104857600} [r config get maxmemory]
        assert_equal 104857600 [info_field r memory maxmemory]
        r config set maxmemory 1gb
        assert_equal {maxmemory 1073741824} [r config get maxmemory]
        r config set maxmemory 0
    }

    test "CONFIG SET of several directives sets them all" {
        assert_equal OK [r config set timeout 30 hz 15]
        assert_equal {timeout 30} [r config get timeout]
        assert_equal {hz 15} [r config get hz]
        r config set timeout 0 hz 10
    }

    test "CONFIG SET with a non-integer value fails and keeps the old value" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer" {
            r config set maxclients abc
        }
        assert_equal [list maxclients $default_maxclients] [r config get maxclients]
    }

    test "CONFIG SET with an out of range value fails" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive" {
            r config set timeout -1
        }
        assert_equal {timeout 0} [r config get timeout]
    }

    test "CONFIG SET of a maxclients the OS cannot give names maxclients and changes nothing" {
        # More descriptors than a Linux process may ever have (fs.nr_open),
        # but not so many more that Redis's search for a lower limit, 16 at
        # a time, takes long.
        set nr_open 1048576
        catch {set nr_open [string trim [read_file /proc/sys/fs/nr_open]]}
        set too_many [expr {$nr_open + 1000}]
        set msg "ERR CONFIG SET failed (possibly related to argument 'maxclients') - The operating system is not able to handle the specified number of clients, try with *"
        assert_error $msg {r config set hz 15 maxclients $too_many}
        assert_equal {hz 10} [r config get hz]
        assert_equal 10 [info_field r server hz]
        assert_equal [list maxclients $default_maxclients] [r config get maxclients]
        assert_error $msg {r config set maxclients $too_many hz 15}
        assert_equal {hz 10} [r config get hz]
        assert_equal [list maxclients $default_maxclients] [r config get maxclients]
        assert_equal PONG [r ping]
    }

    test "CONFIG SET of a directive Redis cannot change at run time is refused" {
        foreach name {databases unixsocket unixsocketperm tcp-backlog logfile daemonize
                      pidfile} {
            set value [lindex [r config get $name] 1]
            assert_error "ERR CONFIG SET failed (possibly related to argument '$name') - can't set immutable config" {
                r config set $name $value
            }
        }
    }

    test "CONFIG SET bind listens on the new addresses" {
        assert_equal OK [r config set bind "127.0.0.1 -::1"]
        assert_equal {bind {127.0.0.1 -::1}} [r config get bind]
        set c [redis_client 127.0.0.1 [srv port]]
        assert_equal PONG [$c ping]
        $c close
        assert_equal OK [r config set bind 127.0.0.1]
        assert_equal {bind 127.0.0.1} [r config get bind]
        set c [redis_client 127.0.0.1 [srv port]]
        assert_equal PONG [$c ping]
        $c close
    }

    test "CONFIG SET bind to an address this machine lacks fails and keeps the old ones" {
        # 192.0.2.1 is TEST-NET-1: never a local address.
        assert_error "ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses." {
            r config set bind "127.0.0.1 192.0.2.1"
        }
        assert_equal {bind 127.0.0.1} [r config get bind]
        set c [redis_client 127.0.0.1 [srv port]]
        assert_equal PONG [$c ping]
        $c close
    }

    test "CONFIG SET bind skips a missing optional address" {
        assert_equal OK [r config set bind "-192.0.2.1 127.0.0.1"]
        set c [redis_client 127.0.0.1 [srv port]]
        assert_equal PONG [$c ping]
        $c close
        r config set bind 127.0.0.1
    }

    test "CONFIG SET bind with too many addresses is refused" {
        set addrs [lrepeat 17 127.0.0.1]
        assert_error "*argument 'bind'*Too many bind addresses specified." {
            r config set bind [join $addrs " "]
        }
        assert_equal {bind 127.0.0.1} [r config get bind]
    }

    test "CONFIG SET port and bind together, undone together when one fails" {
        set new_port [::server::free_port]
        assert_error "*argument 'port'*Unable to listen on this port" {
            r config set port $new_port bind "127.0.0.1 192.0.2.1"
        }
        assert_error "*argument 'bind'*Failed to bind to specified addresses." {
            r config set bind "127.0.0.1 192.0.2.1" port $new_port
        }
        assert_equal [list port [srv port]] [r config get port]
        assert_equal {bind 127.0.0.1} [r config get bind]
        set c [redis_client 127.0.0.1 [srv port]]
        assert_equal PONG [$c ping]
        $c close
    }

    test "CONFIG SET port moves the listener to the new port" {
        set old_port [srv port]
        set new_port [::server::free_port]
        assert_equal OK [r config set port $new_port]
        assert_equal [list port $new_port] [r config get port]
        assert_equal $new_port [info_field r server tcp_port]
        set c [redis_client 127.0.0.1 $new_port]
        assert_equal PONG [$c ping]
        $c close
        assert_error "*connection refused*" {redis_client 127.0.0.1 $old_port}
        # The existing connection is untouched.
        assert_equal OK [r config set port $old_port]
        set c [redis_client 127.0.0.1 $old_port]
        assert_equal PONG [$c ping]
        $c close
    }

    test "CONFIG SET port to its current value is a no-op" {
        assert_equal OK [r config set port [srv port]]
        set c [redis_client 127.0.0.1 [srv port]]
        assert_equal PONG [$c ping]
        $c close
    }

    test "CONFIG SET port to a port in use fails and keeps the old one" {
        set busy [socket -server ::server::refuse -myaddr 127.0.0.1 0]
        set busy_port [lindex [fconfigure $busy -sockname] 2]
        try {
            assert_error "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port" {
                r config set port $busy_port
            }
        } finally {
            close $busy
        }
        assert_equal [list port [srv port]] [r config get port]
        set c [redis_client 127.0.0.1 [srv port]]
        assert_equal PONG [$c ping]
        $c close
    }

    test "CONFIG SET port 0 without a Unix socket is refused" {
        assert_error "*argument 'port'*Unable to listen on this port" {r config set port 0}
        assert_equal [list port [srv port]] [r config get port]
    }

    test "CONFIG SET quotes the name as spelled for name errors, the directive for value errors" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'DataBases') - can't set immutable config" {
            r config set DataBases 16
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer" {
            r config set TimeOut abc
        }
        assert_equal OK [r config set TIMEOUT 0]
    }

    test "CONFIG SET of the same directive twice is a duplicate parameter" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter" {
            r config set hz 11 hz 12
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter" {
            r config set hz 11 HZ 12
        }
        assert_equal {hz 10} [r config get hz]
    }

    test "CONFIG SET is all or nothing: a bad later value leaves the earlier ones unset" {
        assert_error "*argument 'maxmemory'*" {r config set timeout 99 hz 33 maxmemory lots}
        assert_equal {timeout 0} [r config get timeout]
        assert_equal {hz 10} [r config get hz]
        assert_error "*Unknown option*'nope'*" {r config set timeout 99 nope 1}
        assert_equal {timeout 0} [r config get timeout]
        assert_error "*can't set immutable config*" {r config set timeout 99 databases 16}
        assert_equal {timeout 0} [r config get timeout]
    }

    test "CONFIG SET checks every name before any value" {
        assert_error "ERR Unknown option or number of arguments for CONFIG SET - 'nope'" {
            r config set timeout bad nope 1
        }
    }

    test "CONFIG SET of every mutable directive to its current value succeeds" {
        foreach name {timeout tcp-keepalive maxclients hz loglevel proto-max-bulk-len
                      client-query-buffer-limit maxmemory save appendonly} {
            set value [lindex [r config get $name] 1]
            assert_equal OK [r config set $name $value]
            assert_equal [list $name $value] [r config get $name]
        }
    }

    test "CONFIG SET loglevel accepts the four levels and nothing else" {
        foreach level {debug verbose warning notice} {
            assert_equal OK [r config set loglevel $level]
            assert_equal [list loglevel $level] [r config get loglevel]
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning" {
            r config set loglevel loud
        }
    }

    test "CONFIG GET with several patterns lists a directive matched twice once" {
        assert_equal {hz 10} [r config get hz h* *z]
    }

    test "CONFIG GET in RESP3 is a map" {
        set c [redis_client]
        $c hello 3
        assert_equal {map {{bulk hz} {bulk 10}}} [$c typed config get hz]
        $c close
    }

    test "CONFIG SET of an unknown directive is an error" {
        assert_error "ERR Unknown option or number of arguments for CONFIG SET - 'foo'" {
            r config set foo bar
        }
    }

    test "CONFIG SET without a value is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'config|set' command" {
            r config set timeout
        }
    }

    test "CONFIG with an unknown subcommand suggests CONFIG HELP" {
        assert_error "ERR unknown subcommand 'foo'. Try CONFIG HELP." {r config foo}
    }

    test "CONFIG RESETSTAT replies OK and zeroes the stats counters" {
        r set k v
        r get k
        r get missing
        set c [redis_client]
        $c ping
        $c close
        assert_equal {status OK} [r typed config resetstat]
        set f [info_parse [r info stats]]
        assert_equal 0 [dict get $f keyspace_hits]
        assert_equal 0 [dict get $f keyspace_misses]
        assert_equal 0 [dict get $f total_connections_received]
        assert_equal 0 [dict get $f expired_keys]
        assert_equal 0 [dict get $f rejected_connections]
        # Only the RESETSTAT itself has completed since the reset.
        assert_equal 1 [dict get $f total_commands_processed]
    }

    test "CONFIG RESETSTAT leaves the keyspace alone" {
        r set kept v
        r config resetstat
        assert_equal v [r get kept]
    }

    test "CONFIG RESETSTAT with an argument is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'config|resetstat' command" {
            r config resetstat now
        }
    }
}
