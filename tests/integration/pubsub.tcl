# Publish/subscribe: SUBSCRIBE / UNSUBSCRIBE / PSUBSCRIBE / PUNSUBSCRIBE
# confirmations, PUBLISH delivery to channel and pattern subscribers, the
# RESP2 subscribed context, RESP3 push messages, PUBSUB introspection,
# CLIENT LIST and INFO fields, and cleanup when a subscriber disconnects.

# Sends a command on a client and reads `n` replies (a SUBSCRIBE with two
# channels sends two confirmations), typed or (ps_send) plain.
proc ps_send_typed {client n args} {
    $client deferred 1
    $client {*}$args
    set out {}
    for {set i 0} {$i < $n} {incr i} {
        lappend out [$client read_typed]
    }
    $client deferred 0
    return $out
}

proc ps_send {client n args} {
    set out {}
    foreach reply [ps_send_typed $client $n {*}$args] {
        lappend out [::redis::plain $reply]
    }
    return $out
}

# Waits until the subscribers of earlier tests, closed by the client side,
# have been freed by the server, for tests that count server-wide state.
proc ps_wait_no_subscribers {} {
    wait_for_condition 500 10 {[r pubsub channels] eq {} && [r pubsub numpat] == 0} else {
        fail "subscribers of earlier tests were never freed"
    }
}

start_server {} {
    test "SUBSCRIBE confirms each channel with the running subscription count" {
        set s [redis_client]
        assert_equal {{subscribe a 1} {subscribe b 2}} [ps_send $s 2 subscribe a b]
        assert_equal {{subscribe a 2}} [ps_send $s 1 subscribe a]
        $s close
    }

    test "PUBLISH delivers a message to each subscriber and returns the count" {
        set s1 [redis_client]
        set s2 [redis_client]
        ps_send $s1 1 subscribe news
        ps_send $s2 2 subscribe news other
        assert_equal 2 [r publish news hello]
        assert_equal {message news hello} [$s1 read]
        assert_equal {message news hello} [$s2 read]
        assert_equal 0 [r publish nobody-listens x]
        $s1 close
        $s2 close
    }

    test "Messages keep binary payloads and arrive in publish order" {
        set s [redis_client]
        ps_send $s 1 subscribe bin
        r publish bin "a\x00b\r\nc"
        r publish bin second
        assert_equal [list message bin "a\x00b\r\nc"] [$s read]
        assert_equal {message bin second} [$s read]
        $s close
    }

    test "UNSUBSCRIBE from some channels, then from all" {
        set s [redis_client]
        ps_send $s 3 subscribe a b c
        assert_equal {{unsubscribe a 2}} [ps_send $s 1 unsubscribe a]
        assert_equal {{unsubscribe nope 2}} [ps_send $s 1 unsubscribe nope]
        set rest [ps_send $s 2 unsubscribe]
        assert_equal {b c} [lsort [list [lindex $rest 0 1] [lindex $rest 1 1]]]
        assert_equal {1 0} [list [lindex $rest 0 2] [lindex $rest 1 2]]
        assert_equal 0 [r publish b x]
        $s close
    }

    test "UNSUBSCRIBE with no subscriptions confirms with a null channel" {
        set s [redis_client]
        assert_equal {{array {{bulk unsubscribe} {nil {}} {int 0}}}} \
            [ps_send_typed $s 1 unsubscribe]
        assert_equal {{array {{bulk punsubscribe} {nil {}} {int 0}}}} \
            [ps_send_typed $s 1 punsubscribe]
        # Not subscribed: the connection is still a normal one.
        assert_equal PONG [$s ping]
        $s close
    }

    test "PSUBSCRIBE delivers pmessage with the pattern for matching channels" {
        set s [redis_client]
        assert_equal {{psubscribe news.* 1} {psubscribe h?llo 2}} \
            [ps_send $s 2 psubscribe news.* h?llo]
        assert_equal 1 [r publish news.tech story]
        assert_equal {pmessage news.* news.tech story} [$s read]
        assert_equal 1 [r publish hallo x]
        assert_equal {pmessage h?llo hallo x} [$s read]
        assert_equal 0 [r publish sports y]
        $s close
    }

    test "Pattern matching is glob-style and case-sensitive" {
        set s [redis_client]
        ps_send $s 1 psubscribe {ch[0-9]}
        assert_equal 0 [r publish CH1 x]
        assert_equal 0 [r publish ch10 x]
        assert_equal 1 [r publish ch7 x]
        assert_equal [list pmessage {ch[0-9]} ch7 x] [$s read]
        $s close
    }

    test "A client subscribed by channel and by pattern gets both and counts twice" {
        set s [redis_client]
        ps_send $s 1 subscribe chat
        ps_send $s 2 psubscribe chat* c*
        assert_equal 3 [r publish chat hi]
        set got [list [$s read] [$s read] [$s read]]
        assert_equal {message chat hi} [lindex $got 0]
        assert_equal {{pmessage c* chat hi} {pmessage chat* chat hi}} [lsort [lrange $got 1 2]]
        $s close
    }

    test "PUNSUBSCRIBE from some patterns, then from all" {
        set s [redis_client]
        ps_send $s 1 subscribe plain
        ps_send $s 2 psubscribe p1* p2*
        assert_equal {{punsubscribe p1* 2}} [ps_send $s 1 punsubscribe p1*]
        assert_equal {{punsubscribe p2* 1}} [ps_send $s 1 punsubscribe]
        assert_equal 0 [r publish p2x y]
        # Still subscribed to a channel: the count includes it.
        assert_equal {{unsubscribe plain 0}} [ps_send $s 1 unsubscribe]
        $s close
    }

    test "A subscribed RESP2 client may only run the pub/sub commands, PING and QUIT" {
        set s [redis_client]
        ps_send $s 1 subscribe a
        assert_error "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context" \
            {$s get k}
        assert_error "ERR Can't execute 'publish': *" {$s publish a x}
        assert_error "ERR Can't execute 'config|get': *" {$s config get port}
        # Still subscribed after the refusals.
        assert_equal 1 [r publish a still]
        assert_equal {message a still} [$s read]
        $s close
    }

    test "Unknown commands and wrong arity keep their own errors when subscribed" {
        set s [redis_client]
        ps_send $s 1 subscribe a
        assert_error "ERR unknown command 'nope'*" {$s nope}
        assert_error "ERR wrong number of arguments for 'get' command" {$s get}
        $s close
    }

    test "PING in the RESP2 subscribed context replies pong and the argument in an array" {
        set s [redis_client]
        ps_send $s 1 subscribe a
        assert_equal {{array {{bulk pong} {bulk {}}}}} [ps_send_typed $s 1 ping]
        assert_equal {{array {{bulk pong} {bulk hi}}}} [ps_send_typed $s 1 ping hi]
        ps_send $s 1 unsubscribe
        assert_equal {status PONG} [$s typed ping]
        assert_equal {bulk hi} [$s typed ping hi]
        $s close
    }

    test "Leaving every subscription returns the client to the normal context" {
        set s [redis_client]
        ps_send $s 1 subscribe a
        ps_send $s 1 psubscribe b*
        ps_send $s 1 unsubscribe a
        assert_error "ERR Can't execute 'set'*" {$s set k v}
        ps_send $s 1 punsubscribe b*
        assert_equal OK [$s set k v]
        $s close
    }

    test "QUIT works while subscribed" {
        set s [redis_client]
        ps_send $s 1 subscribe a
        assert_equal OK [$s quit]
        assert_closed $s
        $s close
    }

    test "RESP3: confirmations and messages are push replies" {
        set s [redis_client]
        $s hello 3
        assert_equal {{push {{bulk subscribe} {bulk a} {int 1}}}} [ps_send_typed $s 1 subscribe a]
        assert_equal {{push {{bulk psubscribe} {bulk a*} {int 2}}}} \
            [ps_send_typed $s 1 psubscribe a*]
        r publish a m
        assert_equal {push {{bulk message} {bulk a} {bulk m}}} [$s read_typed]
        assert_equal {push {{bulk pmessage} {bulk a*} {bulk a} {bulk m}}} [$s read_typed]
        assert_equal {{push {{bulk unsubscribe} {bulk a} {int 1}}}} \
            [ps_send_typed $s 1 unsubscribe a]
        assert_equal {{push {{bulk punsubscribe} {bulk a*} {int 0}}}} \
            [ps_send_typed $s 1 punsubscribe]
        assert_equal {{push {{bulk unsubscribe} {nil {}} {int 0}}}} [ps_send_typed $s 1 unsubscribe]
        $s close
    }

    test "RESP3: a subscribed client may run any command, PING included as usual" {
        set s [redis_client]
        $s hello 3
        ps_send $s 1 subscribe a
        assert_equal OK [$s set k v]
        assert_equal v [$s get k]
        assert_equal {status PONG} [$s typed ping]
        # Its own publish: the message comes before the PUBLISH reply.
        $s deferred 1
        $s publish a mine
        assert_equal {push {{bulk message} {bulk a} {bulk mine}}} [$s read_typed]
        assert_equal {int 1} [$s read_typed]
        $s deferred 0
        $s close
    }

    test "PUBSUB CHANNELS lists channels with subscribers, optionally by pattern" {
        ps_wait_no_subscribers
        set s1 [redis_client]
        set s2 [redis_client]
        ps_send $s1 2 subscribe foo.1 foo.2
        ps_send $s2 2 subscribe foo.1 bar
        ps_send $s2 1 psubscribe foo.*
        assert_equal {bar foo.1 foo.2} [lsort [r pubsub channels]]
        assert_equal {foo.1 foo.2} [lsort [r pubsub channels foo.*]]
        assert_equal {} [r pubsub channels nothing*]
        ps_send $s1 2 unsubscribe
        assert_equal {bar foo.1} [lsort [r pubsub channels]]
        $s1 close
        $s2 close
        wait_for_condition 500 10 {[r pubsub channels] eq {}} else {
            fail "channels of closed clients were not removed"
        }
    }

    test "PUBSUB NUMSUB counts channel subscribers, not pattern ones" {
        set s1 [redis_client]
        set s2 [redis_client]
        ps_send $s1 1 subscribe n1
        ps_send $s2 2 subscribe n1 n2
        ps_send $s2 1 psubscribe n*
        assert_equal {n1 2 n2 1 n3 0} [r pubsub numsub n1 n2 n3]
        assert_equal {} [r pubsub numsub]
        $s1 close
        $s2 close
    }

    test "PUBSUB NUMPAT counts distinct patterns" {
        ps_wait_no_subscribers
        set s1 [redis_client]
        set s2 [redis_client]
        ps_send $s1 2 psubscribe x* y*
        ps_send $s2 1 psubscribe x*
        assert_equal 2 [r pubsub numpat]
        ps_send $s1 1 punsubscribe x*
        assert_equal 2 [r pubsub numpat]
        ps_send $s2 1 punsubscribe x*
        assert_equal 1 [r pubsub numpat]
        $s1 close
        $s2 close
        wait_for_condition 500 10 {[r pubsub numpat] == 0} else {
            fail "patterns of closed clients were not removed"
        }
    }

    test "PUBSUB argument errors and HELP" {
        assert_error "ERR wrong number of arguments for 'pubsub' command" {r pubsub}
        assert_error "ERR unknown subcommand 'nope'. Try PUBSUB HELP." {r pubsub nope}
        assert_error "ERR wrong number of arguments for 'pubsub|numpat' command" {r pubsub numpat x}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP." \
            {r pubsub channels a b}
        set help [r pubsub help]
        assert_match "PUBSUB <subcommand> *" [lindex $help 0]
        assert_equal HELP [lindex $help end-1]
    }

    test "Command arity errors" {
        assert_error "ERR wrong number of arguments for 'subscribe' command" {r subscribe}
        assert_error "ERR wrong number of arguments for 'psubscribe' command" {r psubscribe}
        assert_error "ERR wrong number of arguments for 'publish' command" {r publish a}
        assert_error "ERR wrong number of arguments for 'publish' command" {r publish a b c}
    }

    test "CLIENT LIST shows sub, psub and flag P; TYPE pubsub selects subscribers" {
        ps_wait_no_subscribers
        set s [redis_client]
        set id [$s client id]
        ps_send $s 2 subscribe a b
        ps_send $s 1 psubscribe c*
        set line [r client list id $id]
        assert_match "* flags=P *" $line
        assert_match "* sub=2 psub=1 *" $line
        set pubsub [r client list type pubsub]
        assert_equal 1 [llength [split [string trim $pubsub] "\n"]]
        assert_match "id=$id *" $pubsub
        assert {![string match "*id=$id *" [r client list type normal]]}
        ps_send $s 2 unsubscribe
        ps_send $s 1 punsubscribe
        assert_match "* flags=N * sub=0 psub=0 *" [r client list id $id]
        assert_equal {} [r client list type pubsub]
        $s close
    }

    test "INFO stats counts channels and patterns with subscribers" {
        ps_wait_no_subscribers
        set s [redis_client]
        ps_send $s 2 subscribe i1 i2
        ps_send $s 1 psubscribe i*
        assert_equal 2 [info_field r stats pubsub_channels]
        assert_equal 1 [info_field r stats pubsub_patterns]
        $s close
        wait_for_condition 500 10 {[info_field r stats pubsub_channels] == 0} else {
            fail "the closed subscriber's channels are still counted"
        }
        assert_equal 0 [info_field r stats pubsub_patterns]
    }

    test "A subscriber that disconnects gets no more messages and is not counted" {
        set s1 [redis_client]
        set s2 [redis_client]
        ps_send $s1 1 subscribe gone
        ps_send $s2 1 subscribe gone
        $s1 close
        wait_for_condition 500 10 {[r pubsub numsub gone] eq {gone 1}} else {
            fail "the closed subscriber is still counted"
        }
        assert_equal 1 [r publish gone x]
        assert_equal {message gone x} [$s2 read]
        $s2 close
    }

    test "SUBSCRIBE inside MULTI runs at EXEC; a subscribed RESP2 client can't start MULTI" {
        set s [redis_client]
        $s multi
        $s subscribe tx
        assert_equal {{subscribe tx 1}} [$s exec]
        assert_error "ERR Can't execute 'multi': *" {$s multi}
        $s close
    }

    test "PUBLISH, SUBSCRIBE and PUBSUB in COMMAND INFO" {
        assert_equal {publish 3 {pubsub loading stale fast} 0 0 0 {@pubsub @fast}} \
            [lrange [lindex [r command info publish] 0] 0 6]
        assert_equal {subscribe -2 {pubsub noscript loading stale} 0 0 0 {@pubsub @slow}} \
            [lrange [lindex [r command info subscribe] 0] 0 6]
    }
}
