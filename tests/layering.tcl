# Layering check: reads every .c and .h under src/, builds the graph of
# their `#include "..."` lines and checks it against the layer order below.
#
#   tclsh tests/layering.tcl [--src DIR]
#
# prints one line per rule ([ok] or [err] with every violation) and exits 0
# if every rule holds, 1 if one does not, 2 on bad
# usage. `make check-layers` runs it; `make test` runs the same rules through
# tests/run.tcl (which sources this file) and counts one result per rule.
#
# The rules:
#   - no include circle: no file reaches itself through the headers it
#     includes (reported as src/a.h -> src/b.h -> src/a.h);
#   - no include upwards: a file includes headers of its own layer and the
#     layers below it only. A file's layer is its folder directly under
#     src/: src/persist/aof/aof.c is in persist, src/event/backends/epoll.c
#     in event. A folder that is in no layer fails too, so a new folder is
#     given its place here first;
#   - a private header stays private: a header named internal.h belongs to
#     its folder and may be included only by files in that folder or below
#     it (src/persist/internal.h by src/persist/aof/aof.c, but not
#     src/persist/aof/internal.h by src/persist/rdb.c);
#   - every include resolves: a quoted include names its folder from src/
#     ("lib/sds.h", never "sds.h" or "../lib/sds.h"), so that each include
#     is one the other rules can judge.
#
# Includes with <> are system headers and are not read. A file that only
# exists on some platforms is read like any other: the rules apply to what
# the source says, not to one configuration of it.
#
namespace eval ::layering {
    # The layer order, bottom to top, and what each layer owns. This list is
    # the one place the order is written down.
    variable layers {
        lib      {building blocks that know nothing of the server: sds strings,
                  dict, allocation, hashing, compression, logging, clocks,
                  metrics, the RESP command encoder, the topic/owner index, and
                  the module descriptor every layer fills in (lib/module.h)}
        event    {the event loop (ae) and its kernel backends (event/backends)}
        keyspace {the databases: entries with their values and expiry, lookups,
                  active expiry, the value-type registry, the DEBUG DIGEST
                  fingerprints}
        net      {connections: listeners, the client struct, reading requests,
                  the RESP parser, building and writing replies}
        dispatch {the command table and running a command: lookup, arity,
                  AUTH, MISCONF, MULTI/EXEC, CLIENT PAUSE, call() and its
                  observers}
        observe  {what the server tells about itself: INFO, LATENCY, SLOWLOG,
                  MONITOR, error statistics}
        persist  {what survives a restart: RDB, the append-only file
                  (persist/aof), the forked child, propagation of changes,
                  save rules}
        types    {the value types: each one's representation and operations}
        commands {the command procedures, one file per group}
        server   {main(), the module table, the config engine and CONFIG,
                  shutdown}
    }
    variable here [file dirname [file normalize [info script]]]
    variable default_src [file join [file dirname $here] src]
    # The names of the rules, as tests/run.tcl reports them.
    variable rule_names {
        circles  "layering: no include circle among the files under src/"
        upward   "layering: no file includes a header of a layer above its own"
        internal "layering: an internal.h is included only from its own folder"
        resolve  "layering: every quoted include names a file under src/"
    }
}

proc ::layering::layer_names {} {
    variable layers
    return [dict keys $layers]
}

# The layer of a path relative to src/ ("persist/aof/aof.c" -> persist), or
# "" for a file directly in src/.
proc ::layering::layer_of {rel} {
    set parts [file split $rel]
    if {[llength $parts] < 2} {
        return ""
    }
    return [lindex $parts 0]
}

proc ::layering::rank {layer} {
    return [lsearch -exact [layer_names] $layer]
}

# Every .c and .h under dir, as paths relative to it, sorted.
proc ::layering::source_files {dir} {
    set found {}
    set pending [list {}]
    while {[llength $pending]} {
        set sub [lindex $pending 0]
        set pending [lrange $pending 1 end]
        set abs [file join $dir {*}$sub]
        foreach path [glob -nocomplain -directory $abs -types f *.c *.h] {
            lappend found [file join {*}$sub [file tail $path]]
        }
        foreach path [glob -nocomplain -directory $abs -types d *] {
            lappend pending [concat $sub [list [file tail $path]]]
        }
    }
    return [lsort $found]
}

# The quoted includes of one file: a list of {line header}.
proc ::layering::includes_of {path} {
    set f [open $path r]
    set text [read $f]
    close $f
    set out {}
    set n 0
    foreach line [split $text "\n"] {
        incr n
        if {[regexp {^\s*#\s*include\s*"([^"]*)"} $line -> header]} {
            lappend out [list $n $header]
        }
    }
    return $out
}

# The include graph of src_dir: a dict file -> list of {line header}, with
# every file relative to src_dir.
proc ::layering::graph {src_dir} {
    set g [dict create]
    foreach rel [source_files $src_dir] {
        dict set g $rel [includes_of [file join $src_dir $rel]]
    }
    return $g
}

# The strongly connected components of the resolved part of the graph that
# hold a circle (two files or more, or one file including itself), each as
# one circle through its files: a list of paths whose last is its first.
proc ::layering::circles {g} {
    # Iterative Tarjan: a deep include chain must not hit tcl's recursion
    # limit.
    set edges [dict create]
    dict for {file incs} $g {
        set targets {}
        foreach inc $incs {
            set h [lindex $inc 1]
            if {[dict exists $g $h] && $h ni $targets} {
                lappend targets $h
            }
        }
        dict set edges $file $targets
    }
    set index 0
    array set idx {}
    array set low {}
    array set onstack {}
    set stack {}
    set components {}
    foreach root [dict keys $edges] {
        if {[info exists idx($root)]} {
            continue
        }
        set work [list [list $root 0]]
        set idx($root) $index
        set low($root) $index
        incr index
        lappend stack $root
        set onstack($root) 1
        while {[llength $work]} {
            lassign [lindex $work end] v i
            set targets [dict get $edges $v]
            if {$i < [llength $targets]} {
                lset work end 1 [expr {$i + 1}]
                set w [lindex $targets $i]
                if {![info exists idx($w)]} {
                    set idx($w) $index
                    set low($w) $index
                    incr index
                    lappend stack $w
                    set onstack($w) 1
                    lappend work [list $w 0]
                } elseif {[info exists onstack($w)]} {
                    set low($v) [expr {min($low($v), $idx($w))}]
                }
                continue
            }
            set work [lrange $work 0 end-1]
            if {[llength $work]} {
                set parent [lindex $work end 0]
                set low($parent) [expr {min($low($parent), $low($v))}]
            }
            if {$low($v) == $idx($v)} {
                set comp {}
                while {1} {
                    set w [lindex $stack end]
                    set stack [lrange $stack 0 end-1]
                    unset onstack($w)
                    lappend comp $w
                    if {$w eq $v} {
                        break
                    }
                }
                if {[llength $comp] > 1 || $v in [dict get $edges $v]} {
                    lappend components [lsort $comp]
                }
            }
        }
    }
    set out {}
    foreach comp [lsort $components] {
        lappend out [circle_through $edges $comp]
    }
    return $out
}

# One circle inside a strongly connected component, from its first file
# back to it (a breadth-first search, so the shortest one).
proc ::layering::circle_through {edges comp} {
    set start [lindex $comp 0]
    set prev [dict create]
    set queue [list $start]
    while {[llength $queue]} {
        set v [lindex $queue 0]
        set queue [lrange $queue 1 end]
        foreach w [dict get $edges $v] {
            if {$w ni $comp} {
                continue
            }
            if {$w eq $start} {
                set path [list $start]
                for {set x $v} {$x ne $start} {set x [dict get $prev $x]} {
                    set path [linsert $path 1 $x]
                }
                return [concat $path [list $start]]
            }
            if {![dict exists $prev $w]} {
                dict set prev $w $v
                lappend queue $w
            }
        }
    }
    return [list $start $start]
}

# Runs every rule. Returns a list of {key name ok failures}: failures is a
# list of one-line messages.
proc ::layering::check {{src_dir ""}} {
    variable default_src
    variable rule_names
    if {$src_dir eq ""} {
        set src_dir $default_src
    }
    set g [graph $src_dir]
    set fail [dict create circles {} upward {} internal {} resolve {}]
    dict for {file incs} $g {
        set layer [layer_of $file]
        set where "src/$file"
        if {[rank $layer] < 0} {
            set why [expr {$layer eq "" ? "directly in src/" : "in src/$layer/"}]
            dict lappend fail upward "$where: is $why, which is no layer (add its folder to the layer order in tests/layering.tcl)"
        }
        foreach inc $incs {
            lassign $inc line header
            if {![dict exists $g $header]} {
                dict lappend fail resolve "$where:$line: includes \"$header\", which is no file under src/ (includes name their folder from src/, e.g. \"lib/sds.h\")"
                continue
            }
            if {[file tail $header] eq "internal.h"} {
                set owner [file dirname $header]
                set dir [file dirname $file]
                if {$dir ne $owner && ![string match $owner/* $dir]} {
                    dict lappend fail internal "$where:$line: includes $header, the private header of src/$owner/"
                }
            }
            set hlayer [layer_of $header]
            if {[rank $layer] < 0 || [rank $hlayer] < 0} {
                # Reported above (the header is itself a file of the graph).
                continue
            }
            if {[rank $hlayer] > [rank $layer]} {
                dict lappend fail upward "$where: includes $header, which is above $layer"
            }
        }
    }
    foreach circle [circles $g] {
        set shown {}
        foreach file $circle {
            lappend shown src/$file
        }
        dict lappend fail circles "circle: [join $shown { -> }]"
    }
    set results {}
    dict for {key name} $rule_names {
        set failures [dict get $fail $key]
        lappend results [list $key $name [expr {[llength $failures] == 0}] $failures]
    }
    return $results
}

# The graph's size, for the standalone report.
proc ::layering::summary {src_dir} {
    set g [graph $src_dir]
    set n 0
    dict for {file incs} $g {
        incr n [llength $incs]
    }
    return "[dict size $g] files, $n quoted includes; layers from the bottom: [join [layer_names] { < }]"
}

proc ::layering::main {argv} {
    set src ""
    for {set i 0} {$i < [llength $argv]} {incr i} {
        set arg [lindex $argv $i]
        switch -exact -- $arg {
            --src     { set src [lindex $argv [incr i]] }
            default {
                puts stderr "usage: tclsh tests/layering.tcl \[--src DIR\]"
                exit 2
            }
        }
        if {$i >= [llength $argv]} {
            puts stderr "usage: tclsh tests/layering.tcl \[--src DIR\]"
            exit 2
        }
    }
    if {$src eq ""} {
        set src $::layering::default_src
    }
    puts [summary $src]
    set ok 1
    foreach result [check $src] {
        lassign $result key name passed failures
        puts "[expr {$passed ? {[ok]} : {[err]}}] $name"
        foreach msg $failures {
            puts "    $msg"
        }
        if {!$passed} {
            set ok 0
        }
    }
    exit [expr {$ok ? 0 : 1}]
}

if {[info exists ::argv0] && [file normalize $::argv0] eq [file normalize [info script]]} {
    ::layering::main $::argv
}
