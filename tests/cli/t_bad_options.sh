#!/bin/bash
# t_bad_options.sh — bad command lines: unknown option, an option missing its argument, an
# unknown -cpu (the message lists rv64), an unknown -d item, a bad -s size, no program at all.
# Each must exit with status 1 and print exactly one "plume: ..." line naming the problem.
. "$(dirname "$0")/lib.sh"

hello=$(build_asm hello) || { fail "cannot build hello"; finish; }
expect_error "unknown option" 'unknown|unrecognized|invalid|option' -no-such-option "$hello"
expect_error "missing argument to -L" 'argument|needs|missing|requires|expects' -L
expect_error "missing argument to -d" 'argument|needs|missing|requires|expects' -d
expect_error "-cpu foo" 'rv64' -cpu foo "$hello"
expect_error "-cpu foo names foo" 'foo' -cpu foo "$hello"
expect_error "-d nosuchitem" 'nosuchitem|unknown|item' -d nosuchitem "$hello"
expect_error "-d in_asm,bogus" 'bogus' -d in_asm,bogus "$hello"
expect_error "-s garbage" 'stack|size|invalid|-s' -s 12xyz "$hello"
expect_error "no program" 'program|usage|missing'
finish
