# Transactions: MULTI / EXEC / DISCARD queueing and its errors, WATCH and
# what invalidates it (writes by anyone, expiry, FLUSHDB / FLUSHALL), and how
# a transaction shows in CLIENT LIST.

# The value of a field of this connection's CLIENT LIST line.
proc multi_client_field {client field} {
    set line [$client client list id [$client client id]]
    foreach pair [split [string trim $line] " "] {
        set eq [string first = $pair]
        if {[string range $pair 0 [expr {$eq - 1}]] eq $field} {
            return [string range $pair [expr {$eq + 1}] end]
        }
    }
    return ""
}

start_server {} {
    test "MULTI / EXEC runs the queued commands and returns their replies in order" {
        r del a b
        assert_equal OK [r multi]
        assert_equal QUEUED [r set a 1]
        assert_equal QUEUED [r incr a]
        assert_equal QUEUED [r get a]
        assert_equal QUEUED [r get b]
        assert_equal {OK 2 2 {}} [r exec]
        assert_equal 2 [r get a]
    }

    test "Queued replies keep their types inside the EXEC array" {
        r del a
        r multi
        r set a 5
        r get a
        r get missing
        r incr a
        r ping
        set reply [r typed exec]
        assert_equal {array {{status OK} {bulk 5} {nil {}} {int 6} {status PONG}}} $reply
    }

    test "EXEC of an empty transaction is an empty array" {
        r multi
        assert_equal {array {}} [r typed exec]
    }

    test "Commands are not run before EXEC" {
        r del a
        r multi
        r set a queued
        set other [redis_client]
        assert_equal {} [$other get a]
        $other close
        r exec
        assert_equal queued [r get a]
    }

    test "MULTI calls can not be nested, and the transaction goes on" {
        r del a
        r multi
        assert_error "ERR MULTI calls can not be nested" {r multi}
        r set a 1
        assert_equal {OK} [r exec]
    }

    test "EXEC and DISCARD without MULTI are errors" {
        assert_error "ERR EXEC without MULTI" {r exec}
        assert_error "ERR DISCARD without MULTI" {r discard}
    }

    test "DISCARD drops the queued commands and leaves MULTI" {
        r set a before
        r multi
        r set a after
        assert_equal OK [r discard]
        assert_equal before [r get a]
        assert_error "ERR EXEC without MULTI" {r exec}
    }

    test "An unknown command while queueing aborts EXEC with EXECABORT" {
        r set a before
        r multi
        r set a after
        assert_error "ERR unknown command 'nosuchcommand', with args beginning with: 'x' " \
            {r nosuchcommand x}
        assert_error "EXECABORT Transaction discarded because of previous errors." {r exec}
        assert_equal before [r get a]
        assert_error "ERR EXEC without MULTI" {r exec}
    }

    test "A wrong number of arguments while queueing aborts EXEC" {
        r set a before
        r multi
        r set a after
        assert_error "ERR wrong number of arguments for 'get' command" {r get}
        r incr a
        assert_error "EXECABORT Transaction discarded because of previous errors." {r exec}
        assert_equal before [r get a]
    }

    test "An unknown subcommand while queueing aborts EXEC" {
        r multi
        assert_error "ERR unknown subcommand 'nope'. Try CONFIG HELP." {r config nope}
        assert_error "EXECABORT*" {r exec}
    }

    test "Runtime errors are elements of EXEC's reply and the rest still runs" {
        r set str notanumber
        r del n
        r multi
        r incr str
        r incr n
        r set x y z
        set reply [r typed exec]
        assert_equal {array {{error {ERR value is not an integer or out of range}} {int 1} {error {ERR syntax error}}}} $reply
        assert_equal 1 [r get n]
    }

    test "WATCH inside MULTI is not allowed and does not abort the transaction" {
        r multi
        assert_error "ERR WATCH inside MULTI is not allowed" {r watch a}
        r ping
        assert_equal PONG [r exec]
    }

    test "WATCH and UNWATCH need the right number of arguments" {
        assert_error "ERR wrong number of arguments for 'watch' command" {r watch}
        assert_error "ERR wrong number of arguments for 'unwatch' command" {r unwatch a}
        assert_error "ERR wrong number of arguments for 'multi' command" {r multi a}
        assert_error "ERR wrong number of arguments for 'exec' command" {r exec a}
        assert_error "ERR wrong number of arguments for 'discard' command" {r discard a}
    }

    test "EXEC runs when no watched key was modified" {
        r set w 1
        r watch w
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "EXEC fails with a null array when another client modified a watched key" {
        r set w 1
        r watch w
        set other [redis_client]
        $other set w 2
        $other close
        r multi
        r set w 3
        assert_equal {nil {}} [r typed exec]
        assert_equal 2 [r get w]
    }

    test "The null array of a failed EXEC is *-1 in RESP2 and _ in RESP3" {
        set c [redis_client]
        $c set w 1
        $c watch w
        $c set w 2
        $c multi
        assert_equal "*-1" [reply_first_line $c exec]
        $c hello 3
        $c watch w
        $c set w 3
        $c multi
        assert_equal "_" [reply_first_line $c exec]
        $c close
    }

    test "The watcher's own write before MULTI fails EXEC" {
        r set w 1
        r watch w
        r set w 2
        r multi
        r ping
        assert_equal {} [r exec]
    }

    test "Watching several keys: touching any one fails EXEC" {
        r mset k1 a k2 b k3 c
        r watch k1 k2 k3
        r set k2 changed
        r multi
        r ping
        assert_equal {} [r exec]
    }

    test "Creating a watched key that did not exist fails EXEC" {
        r del w
        r watch w
        r set w new
        r multi
        r ping
        assert_equal {} [r exec]
    }

    test "Writes to other keys don't touch a watched key" {
        r set w 1
        r watch w
        r set other 1
        r del other2
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "A failed write (wrong arguments) does not touch a watched key" {
        r set w 1
        r watch w
        catch {r incr w extra}
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "DEL, EXPIRE, PERSIST, INCR and SET KEEPTTL each touch a watched key" {
        foreach cmd {{del w} {expire w 100} {persist w} {incr w} {set w 9 keepttl}
                     {pexpire w 0} {mset w 7}} {
            r set w 1 ex 1000
            r watch w
            r {*}$cmd
            r multi
            r ping
            assert_equal {} [r exec] "after $cmd"
        }
    }

    test "PERSIST on a key without an expiry leaves a watch alone" {
        r set w 1
        r watch w
        assert_equal 0 [r persist w]
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "After EXEC, successful or not, the keys are no longer watched" {
        r set w 1
        r watch w
        r multi
        r ping
        r exec
        r set w 2
        r multi
        r ping
        assert_equal PONG [r exec]

        r watch w
        r set w 3
        r multi
        r exec
        r set w 4
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "UNWATCH forgets the watched keys and a touch that already happened" {
        r set w 1
        r watch w
        r set w 2
        assert_equal OK [r unwatch]
        r multi
        r ping
        assert_equal PONG [r exec]
        assert_equal OK [r unwatch]
    }

    test "DISCARD unwatches the keys and clears the dirty state" {
        r set w 1
        r watch w
        r set w 2
        r multi
        r discard
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "Keys the transaction itself changes don't fail its own EXEC" {
        r set w 1
        r watch w
        r multi
        r set w 2
        r incr w
        assert_equal {OK 3} [r exec]
    }

    test "WATCH remembers the database a key belongs to" {
        set c [redis_client]
        $c select 3
        $c set w 1
        $c watch w
        $c select 4
        $c set w changed-in-db4
        $c select 3
        $c multi
        $c ping
        assert_equal PONG [$c exec]
        $c watch w
        $c select 4
        $c multi
        $c select 3
        $c set w from-db3
        assert_equal {OK OK} [$c exec]
        $c watch w
        $c set w again
        $c multi
        $c ping
        assert_equal {} [$c exec]
        $c select 4
        $c del w
        $c select 3
        $c del w
        $c close
    }

    test "FLUSHDB touches watched keys that exist, not the missing ones" {
        r set w 1
        r watch w
        r flushdb
        r multi
        r ping
        assert_equal {} [r exec]

        r del w
        r watch w
        r flushdb
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "FLUSHDB of another database does not touch a watched key" {
        r set w 1
        r watch w
        set c [redis_client]
        $c select 5
        $c set something 1
        $c flushdb
        $c close
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "FLUSHALL touches watched keys in every database" {
        set c [redis_client]
        $c select 2
        $c set w 1
        $c watch w
        r flushall
        $c multi
        $c ping
        assert_equal {} [$c exec]
        $c close
    }

    test "A watched key that expires before EXEC fails it" {
        r del w sentinel
        r set w 1 px 20
        r watch w
        # The sentinel expires no earlier than w; waiting on it never reads w.
        r set sentinel 1 px 20
        wait_for_condition 500 10 {[r exists sentinel] == 0} else {
            fail "the sentinel key never expired"
        }
        r multi
        r ping
        assert_equal {} [r exec]
    }

    test "A watched key deleted by active expiry fails EXEC" {
        set c [redis_client]
        $c select 7
        $c flushdb
        $c set w 1 px 10
        $c watch w
        # DBSIZE counts stored keys without expiring any: it drops to 0 only
        # when the server's active expiry deleted w.
        wait_for_condition 500 10 {[$c dbsize] == 0} else {
            fail "active expiry never deleted the key"
        }
        $c multi
        $c ping
        assert_equal {} [$c exec]
        $c close
    }

    test "Watching a key that had already expired: its deletion does not fail EXEC" {
        r flushall
        r set stale 1 px 1
        r set sentinel 1 px 1
        wait_for_condition 500 10 {[r exists sentinel] == 0} else {
            fail "the sentinel key never expired"
        }
        r watch stale
        r del stale
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "Watching a key that had already expired: FLUSHDB does not fail EXEC" {
        r set stale 1 px 1
        r set sentinel 1 px 1
        wait_for_condition 500 10 {[r exists sentinel] == 0} else {
            fail "the sentinel key never expired"
        }
        r watch stale
        r flushdb
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "Watching a key that had already expired: a new value fails EXEC" {
        r set stale 1 px 1
        r set sentinel 1 px 1
        wait_for_condition 500 10 {[r exists sentinel] == 0} else {
            fail "the sentinel key never expired"
        }
        r watch stale
        r set stale fresh
        r multi
        r ping
        assert_equal {} [r exec]
    }

    test "Many clients watching one key all fail when it changes" {
        r set w 1
        set clients {}
        for {set i 0} {$i < 5} {incr i} {
            set c [redis_client]
            $c watch w
            lappend clients $c
        }
        r set w 2
        foreach c $clients {
            $c multi
            $c ping
            assert_equal {} [$c exec]
            $c close
        }
    }

    test "A client disconnecting while watching and inside MULTI leaves no trace" {
        set c [redis_client]
        $c set w 1
        $c watch w other
        $c multi
        $c set w 2
        $c close
        wait_for_condition 500 10 {[llength [split [string trim [r client list]] "\n"]] == 1} else {
            fail "the client was not freed"
        }
        r set w 3
        r watch w
        r multi
        r ping
        assert_equal PONG [r exec]
    }

    test "CLIENT LIST shows multi=-1 outside MULTI and the queued count with flag x inside" {
        set c [redis_client]
        set id [$c client id]
        assert_equal -1 [multi_client_field $c multi]
        assert_equal N [multi_client_field $c flags]
        $c multi
        $c set a 1
        $c get a
        # CLIENT LIST from this client would be queued: read it from another.
        set line [r client list id $id]
        assert_match "* flags=x *" $line
        assert_match "* multi=2 *" $line
        $c exec
        set line [r client list id $id]
        assert_match "* multi=-1 *" $line
        assert_match "* flags=N *" $line
        $c close
    }

    test "CLIENT LIST shows flag d once a watched key was touched" {
        set c [redis_client]
        set id [$c client id]
        $c set w 1
        $c watch w
        r set w 2
        assert_match "* flags=d *" [r client list id $id]
        $c unwatch
        assert_match "* flags=N *" [r client list id $id]
        $c close
    }

    test "QUIT inside MULTI is not queued" {
        set c [redis_client]
        $c multi
        assert_equal OK [$c quit]
        assert_closed $c
        $c close
    }

    test "SELECT queued inside MULTI takes effect when EXEC runs" {
        set c [redis_client]
        $c multi
        $c select 6
        $c set in6 yes
        assert_equal {OK OK} [$c exec]
        assert_equal yes [$c get in6]
        $c del in6
        $c close
    }

    test "Commands in EXEC count in total_commands_processed and the client shows cmd=exec" {
        set c [redis_client]
        set id [$c client id]
        set before [info_field r stats total_commands_processed]
        $c multi
        $c ping
        $c ping
        $c exec
        set after [info_field r stats total_commands_processed]
        # MULTI, two PINGs, EXEC, and the INFO that read `before`.
        assert_equal [expr {$before + 5}] $after
        assert_match "* cmd=exec *" [r client list id $id]
        $c close
    }

    test "A pipeline of MULTI, commands and EXEC gets every reply" {
        set c [redis_client]
        $c deferred 1
        $c multi
        $c set p 1
        $c incr p
        $c exec
        assert_equal OK [$c read]
        assert_equal QUEUED [$c read]
        assert_equal QUEUED [$c read]
        assert_equal {OK 2} [$c read]
        $c close
    }

    test "MULTI and WATCH in COMMAND INFO" {
        set multi [lindex [r command info multi] 0]
        assert_equal {multi 1 {noscript loading stale fast} 0 0 0 {@fast @transaction}} \
            [lrange $multi 0 6]
        set watch [lindex [r command info watch] 0]
        assert_equal {watch -2 {noscript loading stale fast} 1 -1 1 {@fast @transaction}} \
            [lrange $watch 0 6]
    }
}

start_server {} {
    test "RESP3: EXEC's array holds each command's RESP3 reply" {
        set c [redis_client]
        $c hello 3
        $c del missing
        $c multi
        $c get missing
        $c set a 1
        $c client getname
        assert_equal {array {{nil {}} {status OK} {nil {}}}} [$c typed exec]
        assert_equal "_" [reply_first_line $c get missing]
        $c close
    }

    test "RESP3: a transaction aborted by a queueing error answers EXECABORT" {
        set c [redis_client]
        $c hello 3
        $c multi
        assert_error "ERR unknown command*" {$c nosuch}
        assert_error "EXECABORT Transaction discarded because of previous errors." {$c exec}
        $c close
    }

    test "SWAPDB fails EXEC for a key watched in either database" {
        set c [redis_client]
        r select 9
        r set swap-watched in-nine
        r select 0
        r del swap-watched
        $c watch swap-watched
        r swapdb 0 9
        $c multi
        $c ping
        assert_equal {nil {}} [$c typed exec]
        r swapdb 0 9
        r select 9
        r del swap-watched
        r select 0
        $c close
    }

    test "SWAPDB of two databases without the watched key leaves EXEC alone" {
        set c [redis_client]
        $c watch swap-absent
        r swapdb 5 6
        $c multi
        $c ping
        assert_equal {PONG} [$c exec]
        $c close
    }
}

