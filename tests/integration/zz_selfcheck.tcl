start_server {} {
    test "should fail equal" { assert_equal OK [r ping] }
    test "should fail error" { assert_error "ERR foo*" {r ping} }
    test "should fail nil vs empty" { r set e ""; assert_equal {nil {}} [r typed get e] }
    test "should fail closed" { set c [redis_client]; assert_closed $c 300; $c close }
    test "should pass exception?" { r nosuch }
    test "srv fields" { puts "[srv port] [srv pid] [srv dir] [srv log] [srv config_file]"; puts [read_file [srv config_file]] }
    start_server {overrides {maxclients 100 "loglevel" verbose}} {
        test "nested" { assert_equal 100 [lindex [r config get maxclients] 1]; assert_equal 10000 [lindex [r -1 config get maxclients] 1] }
    }
    test "kill server" { exec kill -9 [srv pid] }
    test "never runs" { }
}
test "after" {}
error "crash outside"
