# Connection commands: PING, ECHO, SELECT, QUIT and CLIENT ID / SETNAME /
# GETNAME / LIST.

# The CLIENT LIST line of the client with the given id, or "".
proc client_list_line {id} {
    foreach line [split [r client list] "\n"] {
        if {[string match "id=$id *" $line]} {
            return [string trimright $line "\r"]
        }
    }
    return ""
}

start_server {} {
    test "PING without an argument replies with the status PONG" {
        assert_equal {status PONG} [r typed ping]
    }

    test "PING with an argument replies with it as a bulk string" {
        assert_equal {bulk hello} [r typed ping hello]
        assert_equal {bulk {}} [r typed ping ""]
    }

    test "PING with two arguments is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'ping' command" {r ping a b}
    }

    test "ECHO replies with its argument" {
        assert_equal {bulk {hello world}} [r typed echo "hello world"]
    }

    test "ECHO is binary safe" {
        set bytes "\x00\x01\r\n\xff end"
        assert_equal $bytes [r echo $bytes]
    }

    test "ECHO without an argument or with two is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'echo' command" {r echo}
        assert_error "ERR wrong number of arguments for 'echo' command" {r echo a b}
    }

    test "SELECT switches the database of the connection" {
        r select 0
        r set where db0
        assert_equal OK [r select 1]
        assert_equal {nil {}} [r typed get where]
        r set where db1
        r select 0
        assert_equal db0 [r get where]
        r flushall
    }

    test "SELECT accepts the last database, 15 by default" {
        assert_equal OK [r select 15]
        r select 0
    }

    test "SELECT with an index past the last database is out of range" {
        assert_error "ERR DB index is out of range" {r select 16}
    }

    test "SELECT with a negative index is out of range" {
        assert_error "ERR DB index is out of range" {r select -1}
    }

    test "SELECT with an index outside the 32-bit range says the value is out of range" {
        set msg "ERR value is out of range, value must between -2147483648 and 2147483647"
        assert_equal [list error $msg] [r typed select 9999999999]
        assert_equal [list error $msg] [r typed select 2147483648]
        assert_equal [list error $msg] [r typed select -2147483649]
        # In the 32-bit range it is a database index, just not an existing one.
        assert_equal {error {ERR DB index is out of range}} [r typed select 2147483647]
        assert_equal {error {ERR DB index is out of range}} [r typed select -2147483648]
        assert_equal {error {ERR DB index is out of range}} [r typed select 16]
        assert_equal {error {ERR DB index is out of range}} [r typed select -1]
        # Past the 64-bit range it is not an integer at all.
        assert_error "ERR value is not an integer or out of range" {
            r select 99999999999999999999
        }
    }

    test "SELECT with a non-integer index is not an integer" {
        assert_error "ERR value is not an integer or out of range" {r select abc}
        assert_error "ERR value is not an integer or out of range" {r select 1.5}
    }

    test "SELECT is per connection" {
        set c [redis_client]
        $c select 3
        $c set only-in-3 yes
        assert_equal 0 [r exists only-in-3]
        assert_equal 1 [$c exists only-in-3]
        $c close
        r flushall
    }

    test "QUIT replies OK and the server closes the connection" {
        set c [redis_client]
        assert_equal {status OK} [$c typed quit]
        assert_closed $c
        $c close
    }

    test "Commands pipelined after QUIT are not executed" {
        set c [redis_client]
        $c write_raw "QUIT\r\nSET after-quit 1\r\n"
        assert_equal {status OK} [$c read_typed]
        assert_closed $c
        $c close
        assert_equal 0 [r exists after-quit]
    }

    test "CLIENT ID is an integer that grows with each new connection" {
        set id [r client id]
        assert {[string is integer -strict $id]}
        set c [redis_client]
        set id2 [$c client id]
        $c close
        assert {$id2 > $id} "second id $id2, first $id"
    }

    test "CLIENT ID is stable for a connection" {
        assert_equal [r client id] [r client id]
    }

    test "CLIENT GETNAME of a connection without a name is nil" {
        set c [redis_client]
        assert_equal {nil {}} [$c typed client getname]
        $c close
    }

    test "CLIENT SETNAME sets the name that CLIENT GETNAME returns" {
        assert_equal OK [r client setname my-conn]
        assert_equal {bulk my-conn} [r typed client getname]
    }

    test "CLIENT SETNAME with an empty string removes the name" {
        r client setname temp
        assert_equal OK [r client setname ""]
        assert_equal {nil {}} [r typed client getname]
    }

    test "CLIENT SETNAME rejects names with spaces" {
        assert_error "ERR Client names cannot contain spaces, newlines or special characters." {
            r client setname "a b"
        }
        assert_error "ERR Client names cannot contain spaces, newlines or special characters." {
            r client setname "a\nb"
        }
    }

    test "CLIENT LIST has one line per connected client" {
        set c [redis_client]
        $c ping
        set lines [split [string trimright [r client list] "\n"] "\n"]
        assert_equal 2 [llength $lines]
        $c close
    }

    test "CLIENT LIST describes a client with id, addr, name, db and cmd fields" {
        r client setname lister
        r select 2
        set id [r client id]
        set line [client_list_line $id]
        r select 0
        assert_match "id=$id addr=127.0.0.1:* name=lister *" $line
        assert_match "* db=2 *" $line
        assert_match "* cmd=client|list*" $line
    }

    test "CLIENT LIST addr is the client's own address and port" {
        set c [redis_client]
        set local_port [lindex [fconfigure [$c fd] -sockname] 2]
        set id [$c client id]
        assert_match "id=$id addr=127.0.0.1:$local_port *" [client_list_line $id]
        $c close
    }

    test "CLIENT LIST shows the last command each client ran" {
        set c [redis_client]
        $c set lastcmd 1
        set id [$c client id]
        $c get lastcmd
        assert_match "* cmd=get*" [client_list_line $id]
        $c close
    }

    test "CLIENT LIST ID of an id no client has is an empty reply" {
        assert_equal {bulk {}} [r typed client list id 0]
        assert_equal {bulk {}} [r typed client list id -5]
        assert_equal {bulk {}} [r typed client list id 0 0]
        assert_equal {bulk {}} [r typed client list id 9223372036854775807]
    }

    test "CLIENT LIST ID with an id that is not an integer is an error" {
        assert_error "ERR Invalid client ID" {r client list id abc}
        assert_error "ERR Invalid client ID" {r client list id 1.5}
        assert_error "ERR Invalid client ID" {r client list id 99999999999999999999}
        # One bad id fails the whole command.
        assert_error "ERR Invalid client ID" {r client list id [r client id] abc}
    }

    test "CLIENT LIST ID has one line per existing id, in argument order, repeats included" {
        set c [redis_client]
        try {
            set mine [r client id]
            set other [$c client id]
            set ids {}
            foreach line [split [string trimright [r client list id $mine $mine] "\n"] "\n"] {
                regexp {^id=(\d+) } $line -> id
                lappend ids $id
            }
            assert_equal [list $mine $mine] $ids
            set ids {}
            set reply [r client list id $other 0 $mine 99999999 $other]
            foreach line [split [string trimright $reply "\n"] "\n"] {
                regexp {^id=(\d+) } $line -> id
                lappend ids $id
            }
            assert_equal [list $other $mine $other] $ids
        } finally {
            $c close
        }
    }

    test "CLIENT with an unknown subcommand suggests CLIENT HELP" {
        assert_error "ERR unknown subcommand 'foo'. Try CLIENT HELP." {r client foo}
    }

    test "CLIENT without a subcommand is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'client' command" {r client}
    }

    test "CLIENT SETNAME without a name names the subcommand in the arity error" {
        assert_error "ERR wrong number of arguments for 'client|setname' command" {
            r client setname
        }
    }

    test "CLIENT ID with an argument is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'client|id' command" {r client id x}
    }
}
