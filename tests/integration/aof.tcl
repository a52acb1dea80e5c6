# The append-only file: its layout (Redis 7.0's appendonlydir), what each
# write command appends (the records redis-server 7.0.15 writes for the
# same commands), round trips through a restart, the appendfsync policies,
# CONFIG and INFO. Loading damaged files is in aof_load.tcl, rewrites in
# aof_rewrite.tcl, crashes in aof_durability.tcl, redis-server exchange in
# aof_interop.tcl.

# Asserts that a record is `prefix` followed by an absolute time in ms
# within [lo, hi], followed by `suffix`.
proc assert_record_at {record prefix lo hi {suffix {}}} {
    set n [llength $prefix]
    assert_equal $prefix [lrange $record 0 [expr {$n - 1}]]
    assert_range [lindex $record $n] $lo $hi
    assert_equal $suffix [lrange $record [expr {$n + 1}] end]
}

# appendfsync always: every record is in the file when the reply arrives
# (with everysec a write may wait up to 2 s for a running fsync).
start_server {overrides {appendonly yes appendfsync always enable-debug-command yes}} {
    test "appendonly yes creates appendonlydir with a base, an incr file and the manifest, named as Redis 7.0 names them" {
        assert_equal [lsort {appendonly.aof.1.base.rdb appendonly.aof.1.incr.aof appendonly.aof.manifest}] \
            [lsort [glob -tails -directory [aof_dir] *]]
        assert_equal "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n" \
            [aof_manifest]
        assert_equal REDIS0010 [string range [read_file [file join [aof_dir] appendonly.aof.1.base.rdb]] 0 8]
    }

    test "The first write of a connection's database is preceded by SELECT" {
        assert_equal {{SELECT 0} {set k v}} [aof_records_of set k v]
        assert_equal {{set k v}} [aof_records_of set k v]
        r select 3
        assert_equal {{SELECT 3} {set k v}} [aof_records_of set k v]
        r select 0
        assert_equal {{SELECT 0} {set k v}} [aof_records_of set k v]
    }

    test "Commands that change nothing append nothing" {
        r set k v
        foreach cmd {{get k} {set k v2 NX} {setnx k x} {getex k} {getdel missing}
                     {del missing} {unlink missing} {expire missing 10} {persist k}
                     {msetnx k 1 other 2} {rename k k} {exists k} {incrby missing2 0}} {
            if {[lindex $cmd 0] eq "incrby"} continue
            assert_equal {} [aof_records_of {*}$cmd] $cmd
        }
    }

    test "SET is written as sent, without GET; with an expiry as SET key value PXAT <ms>" {
        assert_equal {{set k v2}} [aof_records_of set k v2 GET]
        assert_equal {{set k v4 XX}} [aof_records_of set k v4 XX]
        assert_equal {{set k v9 KEEPTTL}} [aof_records_of set k v9 KEEPTTL]
        set before [clock milliseconds]
        set recs [aof_records_of set k v5 EX 100]
        assert_equal 1 [llength $recs]
        assert_record_at [lindex $recs 0] {SET k v5 PXAT} [expr {$before + 100000}] \
            [expr {[clock milliseconds] + 100000}]
        set before [clock milliseconds]
        set recs [aof_records_of set k v6 PX 5000 XX GET]
        assert_record_at [lindex $recs 0] {SET k v6 PXAT} [expr {$before + 5000}] \
            [expr {[clock milliseconds] + 5000}]
        assert_equal {{SET k v7 PXAT 1900000000000}} [aof_records_of set k v7 EXAT 1900000000]
        assert_equal {{SET k v8 PXAT 1900000000000}} [aof_records_of set k v8 PXAT 1900000000000]
    }

    test "SETEX and PSETEX are written as SET key value PXAT <ms>" {
        set before [clock milliseconds]
        set recs [aof_records_of setex k 100 v]
        assert_record_at [lindex $recs 0] {SET k v PXAT} [expr {$before + 100000}] \
            [expr {[clock milliseconds] + 100000}]
        set before [clock milliseconds]
        set recs [aof_records_of psetex k 100000 v]
        assert_record_at [lindex $recs 0] {SET k v PXAT} [expr {$before + 100000}] \
            [expr {[clock milliseconds] + 100000}]
    }

    test "GETSET is written as SET, GETDEL as DEL, INCRBYFLOAT as SET key result KEEPTTL" {
        r set k v
        assert_equal {{SET k new}} [aof_records_of getset k new]
        assert_equal {{DEL k}} [aof_records_of getdel k]
        assert_equal {{SET f 1.5 KEEPTTL}} [aof_records_of incrbyfloat f 1.5]
        assert_equal {{SET f 1501.5 KEEPTTL}} [aof_records_of incrbyfloat f 1.5e3]
    }

    test "GETEX is written as PEXPIREAT <ms>, PERSIST, or DEL for a time already past" {
        r set k v
        set before [clock milliseconds]
        set recs [aof_records_of getex k EX 100]
        assert_record_at [lindex $recs 0] {PEXPIREAT k} [expr {$before + 100000}] \
            [expr {[clock milliseconds] + 100000}]
        assert_equal {{PEXPIREAT k 1900000000000}} [aof_records_of getex k EXAT 1900000000]
        assert_equal {{PEXPIREAT k 1900000000000}} [aof_records_of getex k PXAT 1900000000000]
        assert_equal {{PERSIST k}} [aof_records_of getex k PERSIST]
        assert_equal {} [aof_records_of getex k PERSIST]
        assert_equal {{DEL k}} [aof_records_of getex k PXAT 1000]
    }

    test "EXPIRE, PEXPIRE and EXPIREAT are written as PEXPIREAT <ms> with their options; PEXPIREAT as sent; a past time as DEL" {
        r set k v
        set before [clock milliseconds]
        set recs [aof_records_of expire k 100]
        assert_record_at [lindex $recs 0] {PEXPIREAT k} [expr {$before + 100000}] \
            [expr {[clock milliseconds] + 100000}]
        set before [clock milliseconds]
        set recs [aof_records_of pexpire k 200000 GT]
        assert_record_at [lindex $recs 0] {PEXPIREAT k} [expr {$before + 200000}] \
            [expr {[clock milliseconds] + 200000}] GT
        assert_equal {{PEXPIREAT k 1900000000000}} [aof_records_of expireat k 1900000000]
        assert_equal {{pexpireat k 1900000000001 XX}} [aof_records_of pexpireat k 1900000000001 XX]
        assert_equal {} [aof_records_of expire k 100 NX]
        assert_equal {{persist k}} [aof_records_of persist k]
        assert_equal {{DEL k}} [aof_records_of expire k -1]
        r set k v
        assert_equal {{DEL k}} [aof_records_of pexpireat k 1000]
    }

    # Redis 7.0.15 stores such a key and writes the SET as sent; its DEL
    # follows when the key is found expired. Here the key goes at once.
    test "SET with an expiry already past deletes the key and is written as DEL (nothing if there was no key)" {
        r set k v
        assert_equal {{DEL k}} [aof_records_of set k v PXAT 1000]
        assert_equal {} [aof_records_of set k v PXAT 1000]
    } {mini-only}

    test "The other write commands are written as sent when they change something" {
        r flushall
        assert_equal {{mset a 1 b 2}} [aof_records_of mset a 1 b 2]
        assert_equal {{msetnx c 3 d 4}} [aof_records_of msetnx c 3 d 4]
        assert_equal {{setnx e 5}} [aof_records_of setnx e 5]
        foreach cmd {{incr n} {decr n} {incrby n 5} {decrby n 3} {append ap x} {setrange sr 5 x}
                     {del a zz} {unlink b zz} {copy c c2} {copy c c3 DB 3 REPLACE} {move d 4}
                     {rename c2 c4} {renamenx c4 c5} {swapdb 0 5} {swapdb 0 5} {flushdb}
                     {flushdb} {flushall} {flushall}} {
            set recs [aof_records_of {*}$cmd]
            assert_equal [list $cmd] $recs $cmd
        }
    }

    test "A transaction's writes are wrapped in MULTI/EXEC; a single write or none is not" {
        r multi
        r set t1 v
        r get t1
        r incrbyfloat t2 1
        set recs [aof_records_of exec]
        assert_equal {MULTI {set t1 v} {SET t2 1 KEEPTTL} EXEC} $recs
        r multi
        r get t1
        assert_equal {} [aof_records_of exec]
        r multi
        r set t3 v
        assert_equal {{set t3 v}} [aof_records_of exec]
    }

    test "SELECT inside a transaction: the first database's SELECT comes before MULTI" {
        r multi
        r select 6
        r set t4 v
        r select 0
        r set t5 v
        assert_equal {{SELECT 6} MULTI {set t4 v} {SELECT 0} {set t5 v} EXEC} [aof_records_of exec]
    }

    test "A key that expired is written as DEL when a read finds it, before the command that found it" {
        r debug set-active-expire 0
        r set e1 v PX 1
        r set e2 v PX 1
        r set e3 v PX 1
        after 20
        assert_equal {{DEL e1}} [aof_records_of get e1]
        assert_equal {MULTI {DEL e2} {incr e2} EXEC} [aof_records_of incr e2]
        r multi
        r get e3
        r set z v
        assert_equal {MULTI {DEL e3} {set z v} EXEC} [aof_records_of exec]
        r debug set-active-expire 1
    } {mini-only}

    test "Keys the active expiry cycle deletes are written as DEL, each in its database" {
        # FLUSHALL from database 0 leaves the file's SELECT at 0, so the
        # records after the mark name database 9 themselves.
        r select 0
        r flushall
        # Marked before the SETs: a key with 1 ms to live can be deleted
        # before a mark taken after its SET.
        aof_mark
        r select 9
        r set a9 v PX 1
        r select 0
        r set a0 v PX 1
        wait_for_condition 200 10 {[r dbsize] == 0 && [r select 9] eq "OK" && [r dbsize] == 0} else {
            fail "keys did not expire"
        }
        r select 0
        set recs [aof_since_mark]
        foreach {key db} {a0 0 a9 9} {
            set at [lsearch -exact $recs [list DEL $key]]
            assert {$at >= 0} $recs
            # The SELECT in force for the DEL is its key's database.
            set selects [lsearch -all -inline -glob [lrange $recs 0 $at] {SELECT *}]
            assert_equal [list SELECT $db] [lindex $selects end] $recs
        }
    }
}

start_server {overrides {appendonly yes}} {
    test "Every write command's effect survives a restart through the AOF, values and expiry times included" {
        aof_fill_every_command
        after 5
        set before [aof_dataset r]
        restart_server
        assert_equal $before [aof_dataset r]
        assert_equal 0 [r exists short]
    }

    test "Writes after a restart go to the same incr file and survive another restart" {
        r set afterrestart 1
        r select 11
        r set db11 x
        r select 0
        set before [aof_dataset r]
        restart_server
        assert_equal $before [aof_dataset r]
        assert_equal 1 [llength [aof_manifest_files i]]
    }

    test "The AOF wins over the RDB: a dump.rdb is not loaded while appendonly is yes" {
        r flushall
        r set fromaof 1
        r save
        r flushall
        r set onlyaof 1
        restart_server
        assert_equal {onlyaof} [r keys *]
    }

    test "INFO persistence shows the aof_* fields in Redis's order while the AOF is on" {
        set names {}
        foreach line [split [r info persistence] "\n"] {
            if {[regexp {^(aof_[a-z_]+|module_fork_[a-z_]+):} $line -> name]} {
                lappend names $name
            }
        }
        set expected {aof_enabled aof_rewrite_in_progress aof_rewrite_scheduled
            aof_last_rewrite_time_sec aof_current_rewrite_time_sec aof_last_bgrewrite_status
            aof_rewrites aof_rewrites_consecutive_failures aof_last_write_status aof_last_cow_size
            module_fork_in_progress module_fork_last_cow_size aof_current_size aof_base_size
            aof_pending_rewrite aof_buffer_length aof_pending_bio_fsync aof_delayed_fsync}
        assert_equal [join $expected] [join $names]
        assert_equal 1 [info_field r persistence aof_enabled]
        assert_equal ok [info_field r persistence aof_last_write_status]
        assert_equal 0 [info_field r persistence aof_buffer_length]
    }

    test "aof_current_size is the size of the base and incr files, aof_base_size the base's" {
        r set sizecheck [string repeat x 1000]
        set base [file size [file join [aof_dir] [lindex [aof_manifest_files b] 0]]]
        set total $base
        foreach f [aof_manifest_files i] {
            incr total [file size [file join [aof_dir] $f]]
        }
        assert_equal $total [info_field r persistence aof_current_size]
        assert_equal $base [info_field r persistence aof_base_size]
    }
}

start_server {overrides {appendonly yes appendfsync always}} {
    test "appendfsync always: every acknowledged write is in the file when its reply arrives" {
        for {set i 0} {$i < 50} {incr i} {
            r set k$i v$i
            r incr counter
        }
        set recs [aof_parse [read_file [aof_incr_path]]]
        assert_equal {incr counter} [lindex $recs end]
        assert_equal 101 [llength $recs]
        assert_equal 0 [info_field r persistence aof_buffer_length]
    }

    test "appendfsync always: a pipeline of writes, each reply after its record" {
        set c [redis_client 127.0.0.1 [srv port]]
        $c deferred 1
        for {set i 0} {$i < 200} {incr i} {
            $c incr pipelined
        }
        for {set i 1} {$i <= 200} {incr i} {
            assert_equal $i [$c read]
        }
        $c close
        set incrs 0
        foreach rec [aof_parse [read_file [aof_incr_path]]] {
            if {$rec eq {incr pipelined}} {
                incr incrs
            }
        }
        assert_equal 200 $incrs
    }
}

start_server {overrides {appendonly yes appendfsync no}} {
    test "appendfsync no: records are still written before the reply (the kernel decides when they reach the disk)" {
        r set k v
        assert_equal {{SELECT 0} {set k v}} [aof_parse [read_file [aof_incr_path]]]
    }
}

start_server {} {
    test "CONFIG GET shows the AOF directives with Redis's defaults" {
        assert_equal {appendonly no} [r config get appendonly]
        assert_equal {appendfilename appendonly.aof} [r config get appendfilename]
        assert_equal {appenddirname appendonlydir} [r config get appenddirname]
        assert_equal {appendfsync everysec} [r config get appendfsync]
        assert_equal {no-appendfsync-on-rewrite no} [r config get no-appendfsync-on-rewrite]
        assert_equal {auto-aof-rewrite-percentage 100} [r config get auto-aof-rewrite-percentage]
        assert_equal {auto-aof-rewrite-min-size 67108864} [r config get auto-aof-rewrite-min-size]
        assert_equal {aof-load-truncated yes} [r config get aof-load-truncated]
        assert_equal {aof-use-rdb-preamble yes} [r config get aof-use-rdb-preamble]
    }

    test "appendfilename and appenddirname can't be set at run time" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'appendfilename') - can't set immutable config" {
            r config set appendfilename x.aof
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'appenddirname') - can't set immutable config" {
            r config set appenddirname x
        }
    }

    test "appendfsync takes everysec, always or no" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no" {
            r config set appendfsync sometimes
        }
        r config set appendfsync always
        assert_equal {appendfsync always} [r config get appendfsync]
        r config set appendfsync everysec
    }

    test "INFO persistence with the AOF off shows only the fields Redis shows then" {
        assert_equal 0 [info_field r persistence aof_enabled]
        assert_equal "" [info_field r persistence aof_current_size]
        assert_equal ok [info_field r persistence aof_last_bgrewrite_status]
        assert_equal -1 [info_field r persistence aof_last_rewrite_time_sec]
    }

    test "A path as appendfilename or appenddirname stops start-up with Redis's message" {
        lassign [run_program 20 [list $::server::binary --port [::server::free_port] \
            --appendfilename a/b]] code out
        assert_equal 1 $code
        assert_match "*appendfilename can't be a path, just a filename*" $out
        lassign [run_program 20 [list $::server::binary --port [::server::free_port] \
            --appenddirname a/b]] code out
        assert_equal 1 $code
        assert_match "*appenddirname can't be a path, just a dirname*" $out
    }

    test "CONFIG SET appendonly yes writes the dataset as the first base with a rewrite, then appends" {
        r config set appendfsync always
        r set before1 v
        r select 2
        r set before2 v
        r select 0
        r config set appendonly yes
        assert_equal 1 [info_field r persistence aof_enabled]
        aof_wait_rewrite_done
        r set after1 v
        assert_equal {appendonly.aof.1.base.rdb} [aof_manifest_files b]
        assert_equal {appendonly.aof.1.incr.aof} [aof_manifest_files i]
        assert_equal {{SELECT 0} {set after1 v}} [aof_parse [read_file [aof_incr_path]]]
        set before [aof_dataset r]
        r config rewrite
        restart_server
        assert_equal $before [aof_dataset r]
    }

    test "CONFIG SET appendonly no stops appending" {
        set size [file size [aof_incr_path]]
        r config set appendonly no
        assert_equal 0 [info_field r persistence aof_enabled]
        r set notlogged v
        assert_equal $size [file size [aof_incr_path]]
    }
}

# A write error on demand: the next incr file a rewrite opens is made a
# symbolic link to /dev/full, where every write fails with ENOSPC.
proc aof_next_incr_to_dev_full {} {
    set last [lindex [aof_manifest_files i] end]
    regexp {\.([0-9]+)\.incr\.aof$} $last -> seq
    file link -symbolic [file join [aof_dir] appendonly.aof.[expr {$seq + 1}].incr.aof] /dev/full
    r bgrewriteaof
    aof_wait_rewrite_done
}

# appendfsync no: a write is never postponed, and a failed one is not fatal.
start_server {overrides {appendonly yes appendfsync no}} {
    test "A failed AOF write is logged and shown in aof_last_write_status; writes and PING get MISCONF until a write succeeds" {
        if {![file writable /dev/full]} {
            skip "no /dev/full to make writes fail"
        }
        r set before 1
        aof_next_incr_to_dev_full
        assert_equal OK [r set k v]
        assert_equal err [info_field r persistence aof_last_write_status]
        assert_match "*Error writing to the AOF file: No space left on device*" [aof_server_log]
        assert_error "MISCONF Errors writing to the AOF file: No space left on device" {r set k2 v}
        assert_error "MISCONF Errors writing to the AOF file: No space left on device" {r ping}
        assert_equal v [r get k]
        # A rewrite moves to a new incr file; what could not be written is in its base.
        r bgrewriteaof
        aof_wait_rewrite_done
        assert_equal OK [r set k3 v]
        assert_equal ok [info_field r persistence aof_last_write_status]
        set before [aof_dataset r]
        restart_server
        assert_equal $before [aof_dataset r]
    }
}

start_server {overrides {appendonly yes appendfsync always}} {
    test "appendfsync always: a failed AOF write stops the server before the reply goes out, as Redis does" {
        if {![file writable /dev/full]} {
            skip "no /dev/full to make writes fail"
        }
        aof_next_incr_to_dev_full
        server_expect_exit
        assert_error "*" {r set k v}
        assert {[::server::wait_exit [srv pid] 10000]}
        assert_match "*Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...*" \
            [aof_server_log]
    }
}
