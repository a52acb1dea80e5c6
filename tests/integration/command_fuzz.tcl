# Every command with arguments drawn at random from words that steer their
# parsers (numbers at and past the 64-bit limits, floats, option names, glob
# characters, long strings): each call gets a well-formed reply, nothing
# closes the connection, and a key no command names keeps its value.
#
# Commands that change the connection or server itself (SHUTDOWN, MONITOR,
# (P)SUBSCRIBE, MULTI, SELECT, CLIENT PAUSE / REPLY / KILL, CONFIG SET,
# DEBUG, FLUSH*, SWAPDB, RESET, QUIT, HELLO, AUTH) are left out, and so are
# (P)UNSUBSCRIBE, which answer once per channel: their own files test them.

set fuzz_words [list k k2 key 0 1 -1 2 100 -100 9223372036854775807 \
    -9223372036854775808 99999999999999999999 1.5 -0.5 inf -inf nan {} * ? \
    {[a-} \\ ex px exat pxat nx xx gt lt get keepttl persist count match type \
    string db replace len idx minmatchlen withmatchlen id addr laddr skipme \
    yes no samples filterby pattern aclcat module encoding refcount idletime \
    freq help write all on off 10 512 4294967296 [string repeat x 300]]

set fuzz_skip {shutdown monitor debug quit subscribe psubscribe unsubscribe punsubscribe multi reset
    hello auth select swapdb flushall flushdb client|pause client|reply
    client|kill config|set config|rewrite}

start_server {} {
    test "Random arguments to every command get well-formed replies, and no data is lost" {
        r select 9
        r set fuzz-sentinel intact
        r select 0
        set names {}
        foreach name [r command list] {
            if {$name ni $fuzz_skip} {lappend names $name}
        }
        assert {[llength $names] > 80} "only [llength $names] commands listed"
        prng_seed 20261124
        for {set i 0} {$i < 6000} {incr i} {
            set argv [split [lindex $names [prng_int [llength $names]]] |]
            set n [prng_int 7]
            for {set j 0} {$j < $n} {incr j} {
                lappend argv [lindex $fuzz_words [prng_int [llength $fuzz_words]]]
            }
            if {[prng_int 4] == 0} {
                r set k [lindex {abc 10 1.5 {}} [prng_int 4]]
            }
            # typed: an error reply is a value here, not a tcl error.
            if {[catch {r typed {*}$argv} reply]} {
                fail "no reply to [list $argv]: $reply"
            }
        }
        assert_equal PONG [r ping]
        r select 9
        assert_equal intact [r get fuzz-sentinel]
        r select 0
    }
}
