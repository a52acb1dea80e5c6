# RESP client in pure tcl: owns one TCP connection, encodes commands as
# multibulk requests and decodes RESP2 and RESP3 replies.
#
#   set c [redis_client ?host port?]   ;# defaults to the current test server
#   $c set k v                         ;# -> OK  (an error reply raises a tcl error
#                                      ;#    whose message is the error text)
#   $c typed get k                     ;# -> {bulk v} / {nil {}} / {status OK} /
#                                      ;#    {int 1} / {error {ERR ...}} /
#                                      ;#    {array {{bulk a} {nil {}}}}
#                                      ;# RESP3 (after HELLO 3): {map {k v ...}}
#                                      ;#    {set ...} {push ...} {double 1.5}
#                                      ;#    {bool 1} {verbatim txt:...}
#                                      ;#    {bignum 123}; `_` is {nil {}}
#                                      ;# plain form: map/set/push become flat
#                                      ;#    lists, verbatim loses its "txt:"
#   $c deferred 1                      ;# commands are only written; $c read gets
#                                      ;#    the replies one by one (pipelining)
#   $c write_raw BYTES ; $c flush      ;# arbitrary bytes, for protocol tests
#   $c write_raw_may_close BYTES       ;# the same, for bytes the server may close
#                                      ;#    the connection in the middle of: 1 if
#                                      ;#    all were written, 0 if the close made
#                                      ;#    a write fail (broken pipe, reset)
#   $c read / $c read_typed            ;# read one reply
#   $c wait_closed ?ms?                ;# 1 once the server closed the connection
#   $c closed? (or eof?)               ;# non-blocking: has the server closed it?
#   $c timeout ?ms?                    ;# read timeout (default 20s)
#   $c close
#
# The socket is non-blocking with binary translation: writes are queued and
# flushed by tcl in the background, and every read waits on the event loop with
# a deadline, so a hung server fails the test instead of hanging the suite.
# Arguments and replies are byte strings (characters 0-255).
#
# tcl 8.6's notifier uses select(): a client must be created while the process
# has fewer than 1024 descriptors open.

namespace eval ::redis {
    variable next_id 0
    variable default_timeout_ms 20000
    # Per connection state, indexed by id.
    variable fd
    variable deferred
    variable timeout_ms
    variable wake
}

proc redis_client {args} {
    if {[llength $args] == 0} {
        set args [list [srv host] [srv port]]
    }
    lassign $args host port
    set id [incr ::redis::next_id]
    set sock [socket $host $port]
    fconfigure $sock -translation binary -blocking 0 -buffering full \
        -buffersize 1048576
    set ::redis::fd($id) $sock
    set ::redis::deferred($id) 0
    set ::redis::timeout_ms($id) $::redis::default_timeout_ms
    set name ::redis::client$id
    proc $name {args} "::redis::dispatch $id {*}\$args"
    return $name
}

proc ::redis::dispatch {id args} {
    variable fd
    set sub [lindex $args 0]
    set rest [lrange $args 1 end]
    switch -exact -- $sub {
        write_raw   { return [write $id [lindex $rest 0]] }
        write_raw_may_close { return [write_may_close $id [lindex $rest 0]] }
        flush       { return [flush_out $id] }
        read        { return [plain [read_reply $id]] }
        read_typed  { return [read_reply $id] }
        typed       { return [send_and_read $id $rest 1] }
        deferred    { set ::redis::deferred($id) [lindex $rest 0]; return }
        timeout     { return [set_timeout $id $rest] }
        wait_closed { return [wait_closed $id {*}$rest] }
        closed? -
        eof?        { return [is_closed $id] }
        fd          { return $fd($id) }
        close       { return [close_client $id] }
    }
    return [send_and_read $id $args 0]
}

proc ::redis::set_timeout {id rest} {
    if {[llength $rest]} {
        set ::redis::timeout_ms($id) [lindex $rest 0]
    }
    return $::redis::timeout_ms($id)
}

# Encodes argv as a RESP multibulk request. Large arguments are written as
# separate pieces so a 100 MB value is never copied into a bigger string.
proc ::redis::send_command {id argv} {
    variable fd
    set f $fd($id)
    puts -nonewline $f "*[llength $argv]\r\n"
    foreach arg $argv {
        puts -nonewline $f "\$[string length $arg]\r\n"
        puts -nonewline $f $arg
        puts -nonewline $f "\r\n"
    }
    flush $f
}

proc ::redis::send_and_read {id argv typed} {
    send_command $id $argv
    if {$::redis::deferred($id)} {
        return
    }
    set reply [read_reply $id]
    if {$typed} {
        return $reply
    }
    return [plain $reply]
}

proc ::redis::write {id bytes} {
    puts -nonewline $::redis::fd($id) $bytes
    flush $::redis::fd($id)
}

# A write error that means the server closed the connection: its close
# reset the connection (ECONNRESET) or came before this write (EPIPE).
proc ::redis::closed_write_error {msg} {
    return [regexp -nocase {broken pipe|connection reset} $msg]
}

# Writes bytes to a connection the server may close before it has read them
# all (a test of a limit that makes it close). The socket is non-blocking,
# so tcl hands the bytes to the kernel in the background, and the write that
# fails on the closed connection would otherwise raise its error at any later
# command on the channel, a read of the server's last reply included. So the
# bytes go in chunks, each waited for until tcl has handed it to the kernel
# (bounded by the client's timeout), and the first write error caused by a
# close ends the writing: returns 0 then, 1 if every byte was handed over.
# Either way the caller then checks that the close happened (assert_closed)
# and why: a write error is no proof of the server's reason.
proc ::redis::write_may_close {id bytes {chunk 65536}} {
    variable fd
    variable wake
    set f $fd($id)
    set deadline [expr {[clock milliseconds] + $::redis::timeout_ms($id)}]
    set len [string length $bytes]
    for {set pos 0} {$pos < $len} {incr pos $chunk} {
        set piece [string range $bytes $pos [expr {$pos + $chunk - 1}]]
        if {[catch {puts -nonewline $f $piece; flush $f} msg]} {
            if {[closed_write_error $msg]} {
                return 0
            }
            return -code error $msg
        }
        while {1} {
            # flush also raises the error of a background write that failed.
            if {[catch {flush $f; chan pending output $f} pending]} {
                if {[closed_write_error $pending]} {
                    return 0
                }
                return -code error $pending
            }
            if {$pending == 0} {
                break
            }
            set remaining [expr {$deadline - [clock milliseconds]}]
            if {$remaining <= 0} {
                return -code error -errorcode [list REDIS TIMEOUT] \
                    "I/O timeout: the server took no more bytes for\
                    $::redis::timeout_ms($id) ms ($pending not written)"
            }
            set wake($id) wait
            fileevent $f writable [list set ::redis::wake($id) writable]
            set timer [after $remaining [list set ::redis::wake($id) timeout]]
            vwait ::redis::wake($id)
            after cancel $timer
            fileevent $f writable {}
        }
    }
    return 1
}

proc ::redis::flush_out {id} {
    flush $::redis::fd($id)
}

# Turns a typed reply into the plain form: error replies raise, nil becomes
# the empty string, aggregates (array, map, set, push) become flat lists.
proc ::redis::plain {reply} {
    lassign $reply type value
    switch -exact -- $type {
        error {
            return -code error -errorcode [list REDIS ERROR] $value
        }
        array - map - set - push {
            set out {}
            foreach elem $value {
                lassign $elem etype evalue
                if {$etype in {array map set push verbatim}} {
                    lappend out [plain $elem]
                } else {
                    lappend out $evalue
                }
            }
            return $out
        }
        verbatim {
            return [string range $value 4 end]
        }
        default {
            return $value
        }
    }
}

# Waits until the socket is readable, the deadline passes, or EOF.
proc ::redis::wait_readable {id deadline} {
    variable fd
    variable wake
    set remaining [expr {$deadline - [clock milliseconds]}]
    if {$remaining <= 0} {
        return -code error -errorcode [list REDIS TIMEOUT] \
            "I/O timeout: no reply from server"
    }
    set wake($id) wait
    fileevent $fd($id) readable [list set ::redis::wake($id) readable]
    set timer [after $remaining [list set ::redis::wake($id) timeout]]
    vwait ::redis::wake($id)
    after cancel $timer
    fileevent $fd($id) readable {}
    if {$wake($id) eq "timeout"} {
        return -code error -errorcode [list REDIS TIMEOUT] \
            "I/O timeout: no reply from server"
    }
}

proc ::redis::eof_error {} {
    return -code error -errorcode [list REDIS EOF] \
        "connection closed by server"
}

# Reads one CRLF terminated line (without the CRLF).
proc ::redis::read_line {id deadline} {
    variable fd
    set f $fd($id)
    while {1} {
        if {[catch {gets $f line} n]} {
            eof_error
        }
        if {$n >= 0} {
            if {[eof $f] && [string index $line end] ne "\r"} {
                eof_error
            }
            return [string range $line 0 end-1]
        }
        if {[eof $f]} {
            eof_error
        }
        wait_readable $id $deadline
    }
}

# Reads exactly n bytes.
proc ::redis::read_bytes {id n deadline} {
    variable fd
    set f $fd($id)
    set data {}
    set first 1
    while {$n > 0} {
        if {[catch {::read $f $n} chunk]} {
            eof_error
        }
        set got [string length $chunk]
        if {$got > 0} {
            # Keeping the first chunk as the accumulator keeps it a pure
            # byte array, so appends stay cheap for 100 MB values.
            if {$first} {
                set data $chunk
                set first 0
            } else {
                append data $chunk
            }
            incr n -$got
            continue
        }
        if {[eof $f]} {
            eof_error
        }
        wait_readable $id $deadline
    }
    return $data
}

proc ::redis::read_reply {id {deadline {}}} {
    if {$deadline eq {}} {
        set deadline [expr {[clock milliseconds] + $::redis::timeout_ms($id)}]
    }
    set line [read_line $id $deadline]
    set prefix [string index $line 0]
    set rest [string range $line 1 end]
    switch -exact -- $prefix {
        + { return [list status $rest] }
        - { return [list error $rest] }
        : { return [list int $rest] }
        $ {
            if {$rest < 0} {
                return [list nil {}]
            }
            set data [read_bytes $id [expr {$rest + 2}] $deadline]
            return [list bulk [string range $data 0 end-2]]
        }
        * - ~ - > {
            if {$rest < 0} {
                return [list nil {}]
            }
            set elems {}
            for {set i 0} {$i < $rest} {incr i} {
                lappend elems [read_reply $id $deadline]
            }
            set type [dict get {* array ~ set > push} $prefix]
            return [list $type $elems]
        }
        % {
            set elems {}
            for {set i 0} {$i < 2 * $rest} {incr i} {
                lappend elems [read_reply $id $deadline]
            }
            return [list map $elems]
        }
        | {
            # An attribute map describes the reply after it; tests want the
            # reply, so the attributes are read and dropped.
            for {set i 0} {$i < 2 * $rest} {incr i} {
                read_reply $id $deadline
            }
            return [read_reply $id $deadline]
        }
        _ { return [list nil {}] }
        , { return [list double $rest] }
        ( { return [list bignum $rest] }
        "#" { return [list bool [expr {$rest eq "t"}]] }
        = - ! {
            set data [read_bytes $id [expr {$rest + 2}] $deadline]
            set type [dict get {= verbatim ! error} $prefix]
            return [list $type [string range $data 0 end-2]]
        }
    }
    return -code error -errorcode [list REDIS PROTOCOL] \
        "bad reply line from server: '$line'"
}

# Non-blocking: reads and discards whatever is buffered, then reports EOF.
proc ::redis::is_closed {id} {
    variable fd
    if {[catch {::read $fd($id)}]} {
        return 1
    }
    return [eof $fd($id)]
}

# Waits (bounded) until the server closes the connection. Unread replies are
# discarded. Returns 1 if the connection was closed, 0 on timeout.
proc ::redis::wait_closed {id {ms 10000}} {
    set deadline [expr {[clock milliseconds] + $ms}]
    while {![is_closed $id]} {
        if {[catch {wait_readable $id $deadline}]} {
            return 0
        }
    }
    return 1
}

# Gives queued output a bounded chance to reach the server (a test that
# half-sends a command and closes wants those bytes delivered), then closes.
proc ::redis::close_client {id} {
    variable fd
    set f $fd($id)
    set deadline [expr {[clock milliseconds] + 5000}]
    while {![catch {chan pending output $f} n] && $n > 0 && ![eof $f]
           && [clock milliseconds] < $deadline} {
        set ::redis::wake($id) wait
        set timer [after 10 [list set ::redis::wake($id) tick]]
        vwait ::redis::wake($id)
        after cancel $timer
    }
    catch {::close $f}
    unset -nocomplain fd($id) ::redis::deferred($id) ::redis::timeout_ms($id) \
        ::redis::wake($id)
    rename ::redis::client$id {}
}
