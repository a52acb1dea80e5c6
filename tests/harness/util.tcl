# Utilities shared by test files: reading INFO fields, finding external
# tools, a seeded byte generator, small process helpers.

# INFO text -> dict of field -> value (section headers and blanks skipped).
proc info_parse {text} {
    set fields {}
    foreach line [split $text "\n"] {
        set line [string trimright $line "\r"]
        if {$line eq "" || [string index $line 0] eq "#"} {
            continue
        }
        set colon [string first : $line]
        if {$colon > 0} {
            dict set fields [string range $line 0 [expr {$colon - 1}]] \
                [string range $line [expr {$colon + 1}] end]
        }
    }
    return $fields
}

# The value of field in `INFO section`, or "" if it is missing.
proc info_field {client section field} {
    set fields [info_parse [$client info $section]]
    if {[dict exists $fields $field]} {
        return [dict get $fields $field]
    }
    return ""
}

# The value of field in the default INFO output, or "" if it is missing.
proc status {client field} {
    set fields [info_parse [$client info]]
    if {[dict exists $fields $field]} {
        return [dict get $fields $field]
    }
    return ""
}

# The section names (without "# ") in INFO output, in order.
proc info_sections {text} {
    set names {}
    foreach line [split $text "\n"] {
        if {[regexp {^# (.*?)\r?$} $line -> name]} {
            lappend names $name
        }
    }
    return $names
}

# Path of an external tool, or "" if it is not installed.
proc find_tool {name} {
    set path [auto_execok $name]
    if {$path eq ""} {
        return ""
    }
    return [lindex $path 0]
}

# Runs argv with a time limit; returns {exit_code output} (stderr merged).
proc run_program {seconds argv} {
    set cmd $argv
    if {[find_tool timeout] ne ""} {
        set cmd [concat [list timeout $seconds] $argv]
    }
    if {[catch {exec {*}$cmd 2>@1} output opts]} {
        set code [dict get $opts -errorcode]
        switch -exact -- [lindex $code 0] {
            CHILDSTATUS { set exit [lindex $code 2] }
            CHILDKILLED { set exit "killed by [lindex $code 2]" }
            default     { set exit "failed to run: $output" }
        }
        regsub {\n?child process exited abnormally$} $output {} output
        return [list $exit $output]
    }
    return [list 0 $output]
}

# The soft limit on open files of this process.
proc open_files_limit {} {
    return [string trim [exec sh -c {ulimit -n}]]
}

# A seeded generator (LCG) so a failing fuzz case can be reproduced.
namespace eval ::prng {
    variable state 1
}

proc prng_seed {seed} {
    set ::prng::state [expr {$seed & 0x7fffffff}]
}

# An integer in [0, n).
proc prng_int {n} {
    set ::prng::state [expr {($::prng::state * 1103515245 + 12345) & 0x7fffffff}]
    return [expr {($::prng::state >> 8) % $n}]
}

# n bytes, biased towards the characters that steer a RESP parser.
proc prng_bytes {n} {
    set special [list * \$ \r \n 0 1 - " " \" ' \\]
    set out {}
    for {set i 0} {$i < $n} {incr i} {
        if {[prng_int 3] == 0} {
            append out [lindex $special [prng_int [llength $special]]]
        } else {
            append out [format %c [prng_int 256]]
        }
    }
    return $out
}

# Reads a whole file as bytes.
proc read_file {path} {
    set f [open $path rb]
    set data [read $f]
    close $f
    return $data
}

# The "ip:port" CLIENT LIST gives for the client with this id.
proc client_addr {id} {
    foreach line [split [r client list] "\n"] {
        if {[regexp "^id=$id addr=(\\S+) " $line -> addr]} {
            return $addr
        }
    }
    return ""
}

# Sends a command and returns the first line of its reply exactly as the
# server wrote it (without CRLF), to check a reply's type byte: a null
# array (*-1) from a null bulk ($-1), RESP3's _ from RESP2's. The rest of
# the reply is left to read.
proc reply_first_line {client args} {
    set req "*[llength $args]\r\n"
    foreach a $args {
        append req "\$[string length $a]\r\n$a\r\n"
    }
    $client write_raw $req
    set f [$client fd]
    fconfigure $f -blocking 1
    gets $f line
    fconfigure $f -blocking 0
    return [string trimright $line "\r"]
}
