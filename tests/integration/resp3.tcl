# HELLO and the RESP3 protocol: the handshake map, switching versions, and
# the RESP3 forms of replies whose type RESP2 cannot express.

start_server {} {
    test "HELLO without arguments describes the server in RESP2" {
        set reply [r hello]
        assert_equal redis [dict get $reply server]
        assert_equal 2 [dict get $reply proto]
        assert_equal [r client id] [dict get $reply id]
        assert_equal standalone [dict get $reply mode]
        assert_equal master [dict get $reply role]
        assert_equal {} [dict get $reply modules]
    }

    test "HELLO 3 answers with a RESP3 map of seven fields" {
        set c [redis_client]
        set reply [$c typed hello 3]
        assert_equal map [lindex $reply 0]
        assert_equal 14 [llength [lindex $reply 1]]
        set fields [$c hello]
        assert_equal 3 [dict get $fields proto]
        assert_match {7.*} [dict get $fields version]
        $c close
    }

    test "HELLO with an unsupported or malformed version is refused" {
        assert_error "NOPROTO unsupported protocol version" {r hello 4}
        assert_error "NOPROTO unsupported protocol version" {r hello 1}
        assert_error "ERR Protocol version is not an integer or out of range" {r hello three}
        assert_equal 2 [dict get [r hello] proto]
    }

    test "HELLO with an unknown option is a syntax error naming it" {
        assert_error "ERR Syntax error in HELLO option 'bogus'" {r hello 3 bogus}
        assert_error "ERR Syntax error in HELLO option 'setname'" {r hello 3 setname}
        assert_equal 2 [dict get [r hello] proto]
    }

    test "HELLO SETNAME names the connection, and a bad name changes nothing" {
        set c [redis_client]
        $c hello 2 setname worker-1
        assert_equal worker-1 [$c client getname]
        assert_error "ERR Client names cannot contain spaces, newlines or special characters." \
            {$c hello 3 setname "a b"}
        assert_equal worker-1 [$c client getname]
        assert_equal 2 [dict get [$c hello] proto]
        $c close
    }

    test "A missing key is _ in RESP3 and \$-1 in RESP2" {
        set c [redis_client]
        assert_equal {$-1} [reply_first_line $c get no-such-key]
        $c hello 3
        assert_equal {_} [reply_first_line $c get no-such-key]
        assert_equal {_} [reply_first_line $c client getname]
        $c hello 2
        assert_equal {$-1} [reply_first_line $c get no-such-key]
        $c close
    }

    test "CONFIG GET replies with a map in RESP3 and a flat array in RESP2" {
        set c [redis_client]
        assert_equal {*2} [reply_first_line $c config get maxclients]
        assert_equal maxclients [$c read]
        $c read
        $c hello 3
        assert_equal {%1} [reply_first_line $c config get maxclients]
        assert_equal maxclients [$c read]
        $c read
        assert_equal map [lindex [$c typed config get maxclients] 0]
        $c close
    }

    test "INFO is a verbatim txt string in RESP3 and a bulk string in RESP2" {
        set c [redis_client]
        assert_equal bulk [lindex [$c typed info server] 0]
        $c hello 3
        lassign [$c typed info server] type text
        assert_equal verbatim $type
        assert_match "txt:# Server*" $text
        $c close
    }

    test "COMMAND INFO's flags, categories, tips, key specs and subcommands are RESP3 sets" {
        set c [redis_client]
        $c hello 3
        set info [lindex [$c typed command info get] 1 0 1]
        set types {}
        foreach field $info {
            lappend types [lindex $field 0]
        }
        assert_equal {bulk int set int int int set set set set} $types
        $c close
    }

    test "CLIENT LIST reports each client's protocol" {
        set c [redis_client]
        $c hello 3
        set id [$c client id]
        set line [lsearch -inline [split [r client list] "\n"] "id=$id *"]
        assert_match {* resp=3} [string trimright $line "\r"]
        $c close
    }

}
