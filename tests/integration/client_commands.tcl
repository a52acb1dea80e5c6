# The CLIENT container beyond ID / SETNAME / GETNAME / LIST (connection.tcl):
# INFO, KILL, REPLY, PAUSE / UNPAUSE, NO-EVICT, GETREDIR and HELP.

# The value of field in the CLIENT LIST line of client id, or "" if that
# client is not listed.
proc client_field {id field} {
    foreach line [split [r client list] "\n"] {
        if {[string match "id=$id *" $line] &&
            [regexp " $field=(\[^ \]*)" [string trimright $line "\r"] -> value]} {
            return $value
        }
    }
    return ""
}

# "ip:port" of a tcl client's own end, as the server shows it in addr=.
proc own_addr {c} {
    lassign [fconfigure [$c fd] -sockname] ip _ port
    return "$ip:$port"
}

# Waits until the server lists exactly n clients: one a test closed may
# still be listed until the server has read its end of file.
proc wait_for_clients {n} {
    wait_for_condition 200 50 {
        [llength [split [string trimright [r client list] "\n"] "\n"]] == $n
    } else {
        fail "expected $n clients, the server lists:\n[r client list]"
    }
}

# Waits until the client with this id shows flag b: its command is held.
proc wait_until_paused {id} {
    wait_for_condition 200 50 {
        [string match *b* [client_field $id flags]]
    } else {
        fail "client $id was never paused (flags [client_field $id flags])"
    }
}

start_server {} {
    test "CLIENT INFO describes the calling connection in one CLIENT LIST line" {
        set id [r client id]
        set info [r client info]
        assert_match "id=$id addr=127.0.0.1:* laddr=127.0.0.1:[srv port] *" $info
        assert_match "* cmd=client|info user=default redir=-1 resp=2\n" $info
        assert_equal 1 [llength [split [string trimright $info "\n"] "\n"]]
    }

    test "CLIENT INFO and CLIENT LIST are verbatim strings in RESP3" {
        set c [redis_client]
        $c hello 3
        assert_match {verbatim {txt:id=*}} [$c typed client info]
        assert_match {verbatim {txt:id=*}} [$c typed client list]
        $c close
        assert_equal bulk [lindex [r typed client info] 0]
    }

    test "CLIENT INFO with an argument is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'client|info' command" {r client info x}
    }

    test "CLIENT GETREDIR is -1: tracking is never on" {
        assert_equal {int -1} [r typed client getredir]
    }

    test "CLIENT TRACKING and CACHING are unknown subcommands" {
        assert_error "ERR unknown subcommand 'tracking'. Try CLIENT HELP." {r client tracking on}
        assert_error "ERR unknown subcommand 'caching'. Try CLIENT HELP." {r client caching yes}
    }

    test "CLIENT HELP lists the subcommands" {
        set help [r client help]
        assert_equal "CLIENT <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:" \
            [lindex $help 0]
        foreach sub {GETREDIR GETNAME ID INFO {KILL <ip:port>} {LIST [options ...]} UNPAUSE
                     {PAUSE <timeout> [WRITE|ALL]} {REPLY (ON|OFF|SKIP)} {SETNAME <name>}
                     {NO-EVICT (ON|OFF)} HELP} {
            assert {[lsearch -exact $help $sub] >= 0} "missing $sub"
        }
        assert {[lsearch -glob $help TRACKING*] < 0}
    }

    # --- NO-EVICT ----------------------------------------------------------

    test "CLIENT NO-EVICT on sets flag e in CLIENT LIST, off clears it" {
        set id [r client id]
        assert_equal {status OK} [r typed client no-evict on]
        assert_equal e [client_field $id flags]
        assert_equal {status OK} [r typed client no-evict OFF]
        assert_equal N [client_field $id flags]
    }

    test "CLIENT NO-EVICT with another value is a syntax error" {
        assert_error "ERR syntax error" {r client no-evict maybe}
        assert_error "ERR wrong number of arguments for 'client|no-evict' command" {
            r client no-evict
        }
    }

    # --- REPLY -------------------------------------------------------------

    test "CLIENT REPLY OFF sends nothing until CLIENT REPLY ON, which replies OK" {
        set c [redis_client]
        $c deferred 1
        $c client reply off
        $c set reply-key 1
        $c get reply-key
        $c nosuchcommand
        $c client reply on
        $c get reply-key
        assert_equal {status OK} [$c read_typed]
        assert_equal {bulk 1} [$c read_typed]
        $c close
    }

    test "CLIENT REPLY SKIP drops the reply of the next command only" {
        set c [redis_client]
        $c deferred 1
        $c client reply skip
        $c incr skip-counter
        $c incr skip-counter
        assert_equal {int 2} [$c read_typed]
        $c close
    }

    test "CLIENT REPLY SKIP while replies are off changes nothing" {
        set c [redis_client]
        $c deferred 1
        $c client reply off
        $c client reply skip
        $c ping a
        $c client reply on
        $c ping b
        assert_equal {status OK} [$c read_typed]
        assert_equal {bulk b} [$c read_typed]
        $c close
    }

    test "CLIENT REPLY with another mode is a syntax error, which is answered" {
        assert_error "ERR syntax error" {r client reply maybe}
        assert_error "ERR wrong number of arguments for 'client|reply' command" {r client reply}
    }

    test "QUIT with replies off closes the connection" {
        set c [redis_client]
        $c deferred 1
        $c client reply off
        $c quit
        assert_closed $c
        $c close
    }

    test "A protocol error with replies off closes the connection" {
        set c [redis_client]
        $c deferred 1
        $c client reply off
        $c write_raw "*1\r\n\$x\r\n"
        assert_closed $c
        $c close
    }

    test "CLIENT KILL of the caller with replies off closes it" {
        set c [redis_client]
        set id [$c client id]
        $c deferred 1
        $c client reply off
        $c client kill id $id skipme no
        assert_closed $c
        $c close
    }

    # --- KILL --------------------------------------------------------------

    test "CLIENT KILL addr:port closes that connection and replies OK" {
        set c [redis_client]
        $c ping
        assert_equal {status OK} [r typed client kill [own_addr $c]]
        assert_closed $c
        $c close
    }

    test "CLIENT KILL addr:port of no client is No such client" {
        assert_equal {error {ERR No such client}} [r typed client kill 1.2.3.4:5]
    }

    test "CLIENT KILL addr:port of the caller closes the caller after the reply" {
        set c [redis_client]
        assert_equal {status OK} [$c typed client kill [own_addr $c]]
        assert_closed $c
        $c close
    }

    test "CLIENT KILL ID replies with the number killed" {
        set c [redis_client]
        set id [$c client id]
        assert_equal {int 1} [r typed client kill id $id]
        assert_closed $c
        $c close
        assert_equal {int 0} [r typed client kill id $id]
    }

    test "CLIENT KILL ADDR and LADDR select by peer and local address" {
        set a [redis_client]
        set b [redis_client]
        $a ping
        $b ping
        assert_equal {int 1} [r typed client kill addr [own_addr $a]]
        assert_closed $a
        assert_equal PONG [$b ping]
        wait_for_clients 2
        assert_equal {int 0} [r typed client kill laddr 127.0.0.1:1]
        # Every client shares the local address; the caller is skipped.
        assert_equal {int 1} [r typed client kill laddr 127.0.0.1:[srv port]]
        assert_closed $b
        assert_equal PONG [r ping]
        $a close
        $b close
    }

    test "CLIENT KILL filters must all match" {
        set c [redis_client]
        set id [$c client id]
        assert_equal {int 0} [r typed client kill id $id addr 1.2.3.4:5]
        assert_equal {int 0} [r typed client kill id $id type pubsub]
        assert_equal {int 1} [r typed client kill id $id type normal user default \
                                  addr [own_addr $c]]
        assert_closed $c
        $c close
    }

    test "CLIENT KILL skips the caller unless SKIPME no" {
        set c [redis_client]
        set id [$c client id]
        assert_equal {int 0} [$c typed client kill id $id]
        assert_equal {int 0} [$c typed client kill id $id skipme yes]
        assert_equal {int 1} [$c typed client kill id $id skipme no]
        assert_closed $c
        $c close
    }

    test "CLIENT KILL TYPE normal kills every other normal client" {
        set a [redis_client]
        set b [redis_client]
        $a ping
        $b ping
        wait_for_clients 3
        assert_equal {int 2} [r typed client kill type normal]
        assert_closed $a
        assert_closed $b
        assert_equal {int 0} [r typed client kill type master]
        assert_equal {int 0} [r typed client kill type replica]
        assert_equal {int 0} [r typed client kill type slave]
        assert_equal {int 0} [r typed client kill type pubsub]
        $a close
        $b close
    }

    test "CLIENT KILL errors: bad id, type, user, skipme, option, missing value" {
        set msg "ERR client-id should be greater than 0"
        assert_equal [list error $msg] [r typed client kill id 0]
        assert_equal [list error $msg] [r typed client kill id -1]
        assert_equal [list error $msg] [r typed client kill id abc]
        assert_equal {error {ERR Unknown client type 'bogus'}} [r typed client kill type bogus]
        assert_equal {error {ERR No such user 'alice'}} [r typed client kill user alice]
        assert_equal {error {ERR syntax error}} [r typed client kill skipme maybe]
        assert_equal {error {ERR syntax error}} [r typed client kill bogus 1]
        assert_equal {error {ERR syntax error}} [r typed client kill id 5 skipme]
        assert_error "ERR wrong number of arguments for 'client|kill' command" {r client kill}
        assert_equal PONG [r ping]
    }

    test "CLIENT LIST TYPE normal lists every client, other types none" {
        set c [redis_client]
        $c ping
        wait_for_clients 2
        assert_equal 2 [llength [split [string trimright [r client list type normal] "\n"] "\n"]]
        assert_equal {} [r client list type pubsub]
        assert_error "ERR Unknown client type 'bogus'" {r client list type bogus}
        $c close
    }
}

start_server {} {
    # --- PAUSE / UNPAUSE ---------------------------------------------------

    test "CLIENT PAUSE WRITE holds another client's write until CLIENT UNPAUSE" {
        set c [redis_client]
        set id [$c client id]
        assert_equal {status OK} [r typed client pause 100000 write]
        $c deferred 1
        $c set paused-key done
        wait_until_paused $id
        # The write has not run.
        assert_equal {} [r get paused-key]
        assert_equal 1 [info_field r clients blocked_clients]
        assert_equal {status OK} [r typed client unpause]
        assert_equal OK [$c read]
        assert_equal done [r get paused-key]
        wait_for_condition 100 50 {[client_field $id flags] eq "N"} else {
            fail "client still flagged as paused"
        }
        $c close
    }

    test "CLIENT PAUSE WRITE lets reads and other non-writes through" {
        r set readable yes
        r client pause 100000 write
        set c [redis_client]
        assert_equal yes [$c get readable]
        assert_equal PONG [$c ping]
        assert_equal 1 [$c exists readable]
        assert_equal 0 [info_field r clients blocked_clients]
        $c close
        r client unpause
    }

    test "CLIENT PAUSE WRITE holds an EXEC with a queued write, not one of reads only" {
        set c [redis_client]
        set id [$c client id]
        $c multi
        $c get readable
        r client pause 100000 write
        assert_equal {yes} [$c exec]
        $c multi
        $c set exec-paused done
        $c deferred 1
        $c exec
        wait_until_paused $id
        assert_equal {} [r get exec-paused]
        r client unpause
        assert_equal {OK} [$c read]
        assert_equal done [r get exec-paused]
        $c close
    }

    test "During a pause a command with an error is answered at once" {
        r client pause 100000 write
        set c [redis_client]
        assert_error "ERR wrong number of arguments for 'set' command" {$c set only-key}
        assert_error "ERR unknown command 'nosuch'*" {$c nosuch}
        $c close
        r client unpause
    }

    test "Commands pipelined after a held one wait too, and run in order" {
        set c [redis_client]
        set id [$c client id]
        r client pause 100000 write
        $c deferred 1
        $c incr order
        $c get order
        $c incr order
        wait_until_paused $id
        r client unpause
        assert_equal 1 [$c read]
        assert_equal 1 [$c read]
        assert_equal 2 [$c read]
        $c close
        r del order
    }

    test "Several held clients all resume on CLIENT UNPAUSE" {
        r client pause 100000 write
        set clients {}
        for {set i 0} {$i < 3} {incr i} {
            set c [redis_client]
            set id [$c client id]
            $c deferred 1
            $c incr many
            wait_until_paused $id
            lappend clients $c
        }
        r client unpause
        foreach c $clients {
            assert_match {[123]} [$c read]
            $c close
        }
        assert_equal 3 [r get many]
        r del many
    }

    test "A pause ends by itself when its timeout runs out" {
        set c [redis_client]
        set id [$c client id]
        r client pause 500 write
        $c deferred 1
        $c set timed-key v
        # Whether the client is seen paused or not, its write completes
        # without CLIENT UNPAUSE.
        assert_equal OK [$c read]
        assert_equal v [r get timed-key]
        $c close
    }

    test "A shorter or weaker pause does not cut short the pause in force" {
        set c [redis_client]
        set id [$c client id]
        r client pause 100000 write
        r client pause 1 write
        $c deferred 1
        $c set weak-key v
        wait_until_paused $id
        r client unpause
        assert_equal OK [$c read]
        $c close
    }

    test "CLIENT PAUSE ALL holds every command, reads included, until it runs out" {
        set c [redis_client]
        set start [clock milliseconds]
        assert_equal OK [r client pause 1000 all]
        assert_equal PONG [$c ping]
        # A lower bound only: the reply cannot come before the pause ends.
        assert {[clock milliseconds] - $start >= 1000}
        $c close
    }

    test "A client killed while paused is forgotten by the pause" {
        set a [redis_client]
        set b [redis_client]
        set ida [$a client id]
        set idb [$b client id]
        r client pause 100000 write
        $a deferred 1
        $b deferred 1
        $a set killed-a 1
        $b set killed-b 1
        wait_until_paused $ida
        wait_until_paused $idb
        assert_equal 1 [r client kill id $ida]
        r client unpause
        assert_equal OK [$b read]
        assert_equal {} [r get killed-a]
        assert_equal 1 [r get killed-b]
        $a close
        $b close
    }

    test "A paused client that disconnects is freed" {
        set c [redis_client]
        set id [$c client id]
        r client pause 100000 write
        $c deferred 1
        $c set gone 1
        wait_until_paused $id
        $c close
        wait_for_condition 100 50 {[client_field $id flags] eq ""} else {
            fail "the disconnected client is still listed"
        }
        r client unpause
        assert_equal PONG [r ping]
    }

    test "Keys do not expire during a pause: they read as missing but stay" {
        r flushall
        r config resetstat
        r set short v px 3000
        r client pause 100000 write
        assert {[r pttl short] > 0} "the key expired before the pause began"
        wait_for_condition 100 50 {[r exists short] == 0} else {
            fail "the key never read as expired"
        }
        assert_equal 1 [r dbsize]
        assert_equal 0 [info_field r stats expired_keys]
        r client unpause
        wait_for_condition 100 50 {[r dbsize] == 0} else {
            fail "the key was not deleted after the pause"
        }
    }

    test "CLIENT PAUSE errors: mode, timeout, arguments" {
        assert_error "ERR CLIENT PAUSE mode must be WRITE or ALL" {r client pause 10 read}
        assert_error "ERR timeout is not an integer or out of range" {r client pause abc}
        assert_error "ERR timeout is not an integer or out of range" {r client pause 1.5}
        assert_error "ERR timeout is negative" {r client pause -1 write}
        assert_error "ERR timeout is out of range" {r client pause 9223372036854775807}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'pause'.\
Try CLIENT HELP." {r client pause 10 write extra}
        assert_error "ERR wrong number of arguments for 'client|pause' command" {r client pause}
        assert_error "ERR wrong number of arguments for 'client|unpause' command" {
            r client unpause now
        }
        # None of these paused anything.
        set c [redis_client]
        assert_equal OK [$c set not-paused 1]
        $c close
    }

    test "CLIENT PAUSE 0 pauses nothing for long" {
        assert_equal OK [r client pause 0]
        assert_equal PONG [r ping]
        assert_equal OK [r set after-zero 1]
    }

    test "CLIENT UNPAUSE without a pause replies OK" {
        assert_equal {status OK} [r typed client unpause]
    }
}

start_server {overrides {requirepass pw}} {
    test "CLIENT subcommands need AUTH like any command" {
        assert_equal {error {NOAUTH Authentication required.}} [r typed client info]
        assert_equal {error {NOAUTH Authentication required.}} [r typed client pause 100000]
        r auth pw
        assert_match "id=*" [r client info]
    }
}
