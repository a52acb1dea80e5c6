# AUTH and requirepass: the password of the default user, what a client may
# run before it authenticates, HELLO's AUTH option, and changing the password
# at run time.

set noauth "NOAUTH Authentication required."
set wrongpass "WRONGPASS invalid username-password pair or user is disabled."
set hello_noauth "NOAUTH HELLO must be called with the client already authenticated,\
otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the\
client and select the RESP protocol version at the same time"

start_server {} {
    test "Without requirepass a new client runs commands without AUTH" {
        set c [redis_client]
        assert_equal PONG [$c ping]
        assert_equal OK [$c set k v]
        $c close
    }

    test "AUTH <password> without requirepass says no password is configured" {
        assert_equal [list error "ERR AUTH <password> called without any password configured\
for the default user. Are you sure your configuration is correct?"] [r typed auth foo]
    }

    test "AUTH default <anything> without requirepass succeeds: the default user has no password" {
        assert_equal {status OK} [r typed auth default whatever]
    }

    test "AUTH with a user other than default is a WRONGPASS" {
        assert_equal [list error $wrongpass] [r typed auth alice whatever]
        assert_equal [list error $wrongpass] [r typed auth Default whatever]
    }

    test "AUTH with more than two arguments is a syntax error" {
        assert_equal {error {ERR syntax error}} [r typed auth default a b]
    }

    test "AUTH without arguments is a wrong number of arguments" {
        assert_equal {error {ERR wrong number of arguments for 'auth' command}} [r typed auth]
    }

    test "HELLO AUTH without requirepass accepts any password for the default user only" {
        set c [redis_client]
        assert_equal 3 [dict get [$c hello 3 auth default anything] proto]
        assert_equal [list error $wrongpass] [$c typed hello 2 auth alice anything]
        $c close
    }

    test "CONFIG GET requirepass is empty by default" {
        assert_equal {requirepass {}} [r config get requirepass]
    }
}

start_server {overrides {requirepass secret}} {
    test "requirepass in the config file: CONFIG GET shows the password" {
        assert_equal [list error $noauth] [r typed config get requirepass]
        set c [redis_client]
        $c auth secret
        assert_equal {requirepass secret} [$c config get requirepass]
        $c close
    }

    test "Before AUTH every command gets NOAUTH" {
        set c [redis_client]
        assert_equal [list error $noauth] [$c typed ping]
        assert_equal [list error $noauth] [$c typed get k]
        assert_equal [list error $noauth] [$c typed set k v]
        assert_equal [list error $noauth] [$c typed client id]
        assert_equal [list error $noauth] [$c typed config get port]
        assert_equal [list error $noauth] [$c typed select 1]
        $c close
    }

    test "Before AUTH an unknown command or a wrong arity is reported as such" {
        set c [redis_client]
        assert_match {error {ERR unknown command 'nosuchcommand'*}} [$c typed nosuchcommand]
        assert_equal {error {ERR wrong number of arguments for 'get' command}} [$c typed get]
        assert_match {error {ERR unknown subcommand 'foo'*}} [$c typed client foo]
        $c close
    }

    test "AUTH with the wrong password is a WRONGPASS and leaves the client unauthenticated" {
        set c [redis_client]
        assert_equal [list error $wrongpass] [$c typed auth nope]
        assert_equal [list error $wrongpass] [$c typed auth default nope]
        assert_equal [list error $noauth] [$c typed ping]
        $c close
    }

    test "AUTH <password> authenticates the connection" {
        set c [redis_client]
        assert_equal {status OK} [$c typed auth secret]
        assert_equal PONG [$c ping]
        assert_equal OK [$c set k v]
        assert_equal v [$c get k]
        $c close
    }

    test "AUTH default <password> authenticates the connection" {
        set c [redis_client]
        assert_equal {status OK} [$c typed auth default secret]
        assert_equal PONG [$c ping]
        $c close
    }

    test "The password is compared exactly: case, length and prefix matter" {
        set c [redis_client]
        foreach wrong {Secret secre secrets {} secret\x00} {
            assert_equal [list error $wrongpass] [$c typed auth $wrong]
        }
        $c close
    }

    test "A failed AUTH after a successful one keeps the client authenticated" {
        set c [redis_client]
        $c auth secret
        assert_equal [list error $wrongpass] [$c typed auth nope]
        assert_equal PONG [$c ping]
        $c close
    }

    test "Authentication is per connection" {
        set a [redis_client]
        set b [redis_client]
        $a auth secret
        assert_equal PONG [$a ping]
        assert_equal [list error $noauth] [$b typed ping]
        $a close
        $b close
    }

    test "SHUTDOWN needs AUTH like any other command" {
        set c [redis_client]
        assert_equal [list error $noauth] [$c typed shutdown nosave]
        $c close
        set c [redis_client]
        $c auth secret
        assert_equal PONG [$c ping]
        $c close
    }

    test "QUIT works without AUTH" {
        set c [redis_client]
        assert_equal {status OK} [$c typed quit]
        assert_closed $c
        $c close
    }

    test "HELLO without AUTH is refused with the HELLO NOAUTH error" {
        set c [redis_client]
        assert_equal [list error $hello_noauth] [$c typed hello]
        assert_equal [list error $hello_noauth] [$c typed hello 3]
        # Nothing changed: still RESP2, still unauthenticated.
        assert_equal [list error $noauth] [$c typed ping]
        $c close
    }

    test "HELLO checks its version and options before authentication" {
        set c [redis_client]
        assert_equal {error {NOPROTO unsupported protocol version}} [$c typed hello 4]
        assert_equal {error {ERR Syntax error in HELLO option 'auth'}} [$c typed hello 3 auth default]
        $c close
    }

    test "HELLO AUTH with the right password authenticates and switches protocol" {
        set c [redis_client]
        set reply [$c typed hello 3 auth default secret]
        assert_equal map [lindex $reply 0]
        assert_equal 3 [dict get [$c hello] proto]
        assert_equal PONG [$c ping]
        $c close
    }

    test "HELLO AUTH with a wrong password is a WRONGPASS and changes nothing" {
        set c [redis_client]
        assert_equal [list error $wrongpass] [$c typed hello 3 auth default nope setname x]
        assert_equal [list error $wrongpass] [$c typed hello 3 AUTH other secret]
        assert_equal [list error $noauth] [$c typed ping]
        $c auth secret
        assert_equal 2 [dict get [$c hello] proto]
        assert_equal {} [$c client getname]
        $c close
    }

    test "HELLO AUTH with SETNAME names the connection once authenticated" {
        set c [redis_client]
        $c hello 2 setname named auth default secret
        assert_equal named [$c client getname]
        $c close
    }
}

start_server {args {--requirepass "from the command line"}} {
    test "requirepass on the command line" {
        set c [redis_client]
        assert_equal [list error $noauth] [$c typed ping]
        assert_equal OK [$c auth "from the command line"]
        assert_equal {requirepass {from the command line}} [$c config get requirepass]
        $c close
    }
}

start_server {} {
    test "CONFIG SET requirepass: new connections must authenticate, existing ones stay authenticated" {
        set before [redis_client]
        assert_equal OK [r config set requirepass pw1]
        assert_equal {requirepass pw1} [r config get requirepass]
        assert_equal PONG [$before ping]
        assert_equal PONG [r ping]
        set after [redis_client]
        assert_equal [list error $noauth] [$after typed ping]
        assert_equal OK [$after auth pw1]
        $before close
        $after close
    }

    test "CONFIG SET requirepass changes the password AUTH accepts" {
        r config set requirepass pw2
        set c [redis_client]
        assert_equal [list error $wrongpass] [$c typed auth pw1]
        assert_equal OK [$c auth pw2]
        $c close
    }

    test "CONFIG SET requirepass to empty lets every client run commands" {
        set c [redis_client]
        assert_equal [list error $noauth] [$c typed ping]
        r config set requirepass ""
        assert_equal {requirepass {}} [r config get requirepass]
        assert_equal PONG [$c ping]
        # HELLO still wants a client that never authenticated to do so.
        assert_equal [list error $hello_noauth] [$c typed hello]
        assert_equal OK [$c auth default anything]
        assert_equal 2 [dict get [$c hello] proto]
        $c close
        set fresh [redis_client]
        assert_equal 2 [dict get [$fresh hello] proto]
        $fresh close
    }

    test "CONFIG SET requirepass together with a bad value changes nothing" {
        assert_error "*maxclients*" {r config set requirepass pw3 maxclients 0}
        assert_equal {requirepass {}} [r config get requirepass]
        set c [redis_client]
        assert_equal PONG [$c ping]
        $c close
    }

    test "CONFIG SET requirepass with maxclients in one call applies both" {
        set maxclients [lindex [r config get maxclients] 1]
        assert_equal OK [r config set requirepass pw4 maxclients $maxclients]
        assert_equal {requirepass pw4} [r config get requirepass]
        r config set requirepass ""
    }
}
