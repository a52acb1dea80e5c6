# Rewriting the append-only file: BGREWRITEAOF and its replies, the files
# and manifest after a rewrite, writes made while it runs, a crash in the
# middle of one, scheduling behind another child, the automatic rewrite,
# a first rewrite (CONFIG SET appendonly yes) whose child is killed,
# and writing the base as commands (aof-use-rdb-preamble no).

start_server {overrides {appendonly yes appendfsync always}} {
    test "BGREWRITEAOF: a new base and incr file, the old ones removed, as Redis 7.0 names them" {
        r set k v
        assert_equal {status {Background append only file rewriting started}} [r typed bgrewriteaof]
        aof_wait_rewrite_done
        assert_equal "file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n" \
            [aof_manifest]
        assert_equal [lsort {appendonly.aof.2.base.rdb appendonly.aof.2.incr.aof appendonly.aof.manifest}] \
            [lsort [glob -tails -directory [aof_dir] *]]
        assert_equal ok [info_field r persistence aof_last_bgrewrite_status]
        assert_equal 1 [info_field r persistence aof_rewrites]
        assert_match "*Background append only file rewriting started by pid*" [aof_server_log]
        assert_match "*Background AOF rewrite finished successfully*" [aof_server_log]
    }

    test "After a rewrite the first record of the new incr file is a SELECT" {
        r set k2 v
        assert_equal {{SELECT 0} {set k2 v}} [aof_parse [read_file [aof_incr_path]]]
    }

    test "A second BGREWRITEAOF while one runs: already in progress" {
        r config set rdb-key-save-delay 100000
        r bgrewriteaof
        assert_equal 1 [info_field r persistence aof_rewrite_in_progress]
        assert_error "ERR Background append only file rewriting already in progress" {r bgrewriteaof}
        assert_match {[0-9]*} [info_field r persistence aof_current_rewrite_time_sec]
        r config set rdb-key-save-delay 0
        aof_wait_rewrite_done
    } {mini-only}

    test "Writes made while a rewrite runs are all kept: the dataset is the same after a restart" {
        r flushall
        for {set i 0} {$i < 200} {incr i} {
            r set key:$i v$i
        }
        r config set rdb-key-save-delay 2000
        r bgrewriteaof
        for {set i 0} {$i < 200} {incr i} {
            r incr counter
            r set during:$i $i
            if {$i % 10 == 0} {
                r del key:$i
            }
        }
        r config set rdb-key-save-delay 0
        aof_wait_rewrite_done
        r set afterwards 1
        set before [aof_dataset r]
        restart_server
        assert_equal $before [aof_dataset r]
        assert_equal 200 [r get counter]
    } {mini-only}

    test "A crash while a rewrite runs loses nothing: the old base and every incr file are still listed" {
        r config set rdb-key-save-delay 100000
        r bgrewriteaof
        r set duringcrash 1
        r incr counter
        set before [aof_dataset r]
        regexp {.*rewriting started by pid ([0-9]+)} [aof_server_log] -> child
        restart_server kill
        # The orphaned child would go on sleeping in rdb-key-save-delay.
        catch {exec kill -KILL $child}
        assert_equal $before [aof_dataset r]
        assert_equal 201 [r get counter]
    } {mini-only}

    test "After a crash during a rewrite, the child's temporary file is removed at start-up and the next rewrite leaves one base and one incr file" {
        assert_match "*Removed the leftover file temp-rewriteaof-bg-*" [aof_server_log]
        r config set rdb-key-save-delay 0
        r bgrewriteaof
        aof_wait_rewrite_done
        assert_equal {} [glob -nocomplain -directory [aof_dir] temp-*]
        assert_equal 1 [llength [aof_manifest_files i]]
    }

    test "BGREWRITEAOF while another child runs is scheduled and runs when it ends" {
        if {[catch {r bgsave} reply]} {
            skip "no BGSAVE in this build"
        }
        set rewrites [info_field r persistence aof_rewrites]
        set reply [r bgrewriteaof]
        if {$reply eq "Background append only file rewriting scheduled"} {
            assert_equal 1 [info_field r persistence aof_rewrite_scheduled]
        } else {
            assert_equal "Background append only file rewriting started" $reply
        }
        wait_for_condition 500 20 {[info_field r persistence aof_rewrites] > $rewrites} else {
            fail "the scheduled rewrite never ran"
        }
        aof_wait_rewrite_done
    }
}

start_server {overrides {appendonly yes auto-aof-rewrite-percentage 100 auto-aof-rewrite-min-size 20kb}} {
    test "The AOF is rewritten automatically once it has doubled and is past auto-aof-rewrite-min-size" {
        assert_equal 0 [info_field r persistence aof_rewrites]
        set value [string repeat x 1000]
        for {set i 0} {$i < 30} {incr i} {
            r set k$i $value
        }
        wait_for_condition 500 20 {[info_field r persistence aof_rewrites] >= 1} else {
            fail "no automatic rewrite (aof_current_size [info_field r persistence aof_current_size])"
        }
        aof_wait_rewrite_done
        assert_match "*Starting automatic rewriting of AOF on *% growth*" [aof_server_log]
        set size [info_field r persistence aof_current_size]
        assert_equal $size [info_field r persistence aof_base_size]
    }

    test "No automatic rewrite below the minimum size or with auto-aof-rewrite-percentage 0" {
        r config set auto-aof-rewrite-percentage 0
        set rewrites [info_field r persistence aof_rewrites]
        for {set i 0} {$i < 60} {incr i} {
            r set k$i [string repeat y 1000]
        }
        after 300
        assert_equal $rewrites [info_field r persistence aof_rewrites]
    }
}

start_server {overrides {appendonly yes aof-use-rdb-preamble no}} {
    test "With aof-use-rdb-preamble no the base is SELECT, SET and PEXPIREAT commands" {
        r set plain v
        r set ttl v PXAT 1900000000000
        r select 3
        r set in3 x
        r select 0
        r bgrewriteaof
        aof_wait_rewrite_done
        assert_equal {appendonly.aof.2.base.aof} [aof_manifest_files b]
        set recs [aof_parse [read_file [file join [aof_dir] appendonly.aof.2.base.aof]]]
        assert_equal {SELECT 0} [lindex $recs 0]
        assert_equal [lsort {{SET plain v} {SET ttl v} {PEXPIREAT ttl 1900000000000}}] \
            [lsort [lrange $recs 1 3]]
        assert_equal {{SELECT 3} {SET in3 x}} [lrange $recs 4 end]
    }

    test "A base of commands loads back" {
        set before [aof_dataset r]
        restart_server
        assert_equal $before [aof_dataset r]
    }
}

start_server {overrides {appendfsync everysec}} {
    test "BGREWRITEAOF with appendonly no writes a base and a manifest without incr files" {
        r set k v
        r bgrewriteaof
        aof_wait_rewrite_done
        assert_equal "file appendonly.aof.1.base.rdb seq 1 type b\n" [aof_manifest]
        assert_equal 0 [info_field r persistence aof_enabled]
    }

    test "CONFIG SET appendonly yes while a rewrite runs restarts it and the base it writes is complete" {
        r config set rdb-key-save-delay 50000
        r bgrewriteaof
        r config set appendonly yes
        r config set rdb-key-save-delay 0
        r set during v
        aof_wait_rewrite_done
        assert_equal 1 [info_field r persistence aof_enabled]
        set before [aof_dataset r]
        r config rewrite
        restart_server
        assert_equal $before [aof_dataset r]
    } {mini-only}
}

start_server {} {
    test "CONFIG SET appendonly yes while a BGSAVE runs: the first rewrite waits for it, then the AOF is complete" {
        for {set i 0} {$i < 100} {incr i} {
            r set k$i v$i
        }
        r config set rdb-key-save-delay 2000
        r bgsave
        r config set appendonly yes
        r config set rdb-key-save-delay 0
        r set during v
        assert_equal 1 [info_field r persistence aof_enabled]
        aof_wait_rewrite_done
        aof_assert_complete "after the BGSAVE"
        assert_match "*AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.*" [aof_server_log]
        r set after v
        set before [aof_dataset r]
        r config rewrite
        restart_server
        assert_equal $before [aof_dataset r]
    }
}


# The first rewrite's child dies: by SIGKILL (a failure), or by a SIGUSR1
# that did not come from the server (which Redis does not count as a
# failure). Either way the AOF is not there yet, and the rewrite must be
# started again rather than leave the AOF switched on with nothing written.
foreach sig {KILL USR1} {
    start_server {} {
        test "CONFIG SET appendonly yes whose first rewrite child dies by SIG$sig: the rewrite starts again and the AOF is complete" {
            for {set i 0} {$i < 50} {incr i} {
                r set k$i v$i
            }
            # 0.1 s a key: the child is still writing when it is killed.
            r config set rdb-key-save-delay 100000
            r config set appendonly yes
            assert [regexp {rewriting started by pid ([0-9]+)} [aof_server_log] -> child]
            r config set rdb-key-save-delay 0
            r set during v
            exec kill -$sig $child
            wait_for_condition 500 20 {[info_field r persistence aof_rewrites] >= 2} else {
                fail "the first rewrite was not started again:\n[r info persistence]\nlast lines of the server's log:\n[::server::tail_file [srv log] 20]"
            }
            aof_wait_rewrite_done
            aof_assert_complete "after the first rewrite was killed"
            assert_match "*Background AOF rewrite terminated by signal*" [aof_server_log]
            assert_equal ok [info_field r persistence aof_last_bgrewrite_status]
            r set after v
            set before [aof_dataset r]
            r config rewrite
            restart_server
            assert_equal $before [aof_dataset r]
        }
    }
}
