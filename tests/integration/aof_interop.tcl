# Exchanging append-only files with redis-server 7.0 (Debian's package):
# its appendonlydir loads here and ours loads there, compared key by key
# (value and expiry time), with an RDB base and with a base of commands;
# redis-check-aof accepts ours. Skipped with a note when redis-server is not
# installed.

set aof_redis_server /usr/bin/redis-server
set aof_redis_check [find_tool redis-check-aof]

# Starts the other binary on a copy of the given appendonlydir and returns
# its dataset, or, with a fill script, fills a server of that binary and
# returns {dataset copy-of-its-dir}.
proc aof_interop_load {binary aofdir preamble} {
    set copy [::server::make_tmpdir interop-load]
    file copy $aofdir [file join $copy appendonlydir]
    set saved $::server::binary
    set ::server::binary $binary
    try {
        start_server [list overrides [list dir $copy appendonly yes aof-use-rdb-preamble $preamble]] {
            set dataset [aof_dataset r]
            r set written_by_the_other 1
        }
    } finally {
        set ::server::binary $saved
    }
    file delete -force $copy
    return $dataset
}

proc aof_interop_fill_and_rewrite {} {
    aof_fill_every_command
    r bgrewriteaof
    aof_wait_rewrite_done
    r set after_rewrite v
    r select 12
    r setex after_rewrite_ttl 5000 v
    r incrbyfloat f 0.5
    r select 0
    after 5
}

foreach preamble {yes no} {
    if {![file executable $aof_redis_server]} {
        test "redis-server 7.0 loads our AOF (aof-use-rdb-preamble $preamble)" {
            skip "redis-server is not installed ($aof_redis_server): apt-get install redis-server"
        }
        test "We load redis-server 7.0's AOF (aof-use-rdb-preamble $preamble)" {
            skip "redis-server is not installed ($aof_redis_server): apt-get install redis-server"
        }
        continue
    }

    start_server [list overrides [list appendonly yes aof-use-rdb-preamble $preamble]] {
        test "redis-server 7.0 loads our AOF (aof-use-rdb-preamble $preamble)" {
            aof_interop_fill_and_rewrite
            set ours [aof_dataset r]
            assert {[llength $ours] > 30}
            assert_equal $ours [aof_interop_load $aof_redis_server [aof_dir] $preamble]
        }

        test "redis-check-aof accepts our AOF (aof-use-rdb-preamble $preamble)" {
            if {$aof_redis_check eq ""} {
                skip "redis-check-aof is not installed"
            }
            set copy [::server::make_tmpdir interop-check]
            file copy [aof_dir] [file join $copy appendonlydir]
            lassign [run_program 20 [list $aof_redis_check \
                [file join $copy appendonlydir appendonly.aof.manifest]]] code out
            file delete -force $copy
            assert_equal 0 $code $out
            assert_match "*is valid*" $out
        }
    }

    set saved $::server::binary
    set ::server::binary $aof_redis_server
    try {
        start_server [list overrides [list appendonly yes aof-use-rdb-preamble $preamble]] {
            aof_interop_fill_and_rewrite
            set theirs [aof_dataset r]
            set theirdir [::server::make_tmpdir interop-theirs]
            file copy [aof_dir] [file join $theirdir appendonlydir]
        }
    } finally {
        set ::server::binary $saved
    }
    test "We load redis-server 7.0's AOF (aof-use-rdb-preamble $preamble)" {
        assert {[llength $theirs] > 30}
        assert_equal $theirs [aof_interop_load $::server::binary [file join $theirdir appendonlydir] $preamble]
    }
    file delete -force $theirdir
}
