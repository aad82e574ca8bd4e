/*
 * The sgproof spec language (see ../shared/language.md).
 *
 * Parser permissive, resolver strict: any integer is accepted here and range-checked in the
 * resolver; group options may come in any order and repeat; rule options (sport, priority) may
 * come in any order and repeat; `from`/`to` are accepted with either direction; the NIC
 * membership clause is optional; the claim of an assertion is accepted with either arrow. The
 * resolver reports each of these with a precise span. No embedded actions; every keyword is an
 * explicit token so that syntax errors can name it.
 */
grammar SgProof;

spec : statement* EOF ;

statement
  : groupDecl       # groupStatement
  | instanceDecl    # instanceStatement
  | assertDecl      # assertStatement
  | includeDecl     # includeStatement
  ;

// ---------------------------------------------------------------- groups and rules

groupDecl : GROUP name groupOption* groupBody? ;

groupOption
  : BASIC           # basicOption
  | ADVANCED        # advancedOption
  | ISOLATED        # isolatedOption
  | INTERCONNECTED  # interconnectedOption
  | LEGACY_DEFAULT  # legacyDefaultOption
  ;

groupBody : LBRACE ruleDecl* RBRACE ;

ruleDecl : direction action protocol portList? preposition peer ruleOption* ;

direction
  : INGRESS         # ingressDirection
  | EGRESS          # egressDirection
  ;

action
  : ALLOW           # allowAction
  | ACCEPT          # acceptAction
  | DENY            # denyAction
  | DROP            # dropAction
  ;

protocol
  : TCP             # tcpProtocol
  | UDP             # udpProtocol
  | ICMP            # icmpProtocol
  | ICMPV6          # icmpv6Protocol
  | GRE             # greProtocol
  | ALL             # allProtocol
  ;

preposition
  : FROM            # fromPreposition
  | TO              # toPreposition
  ;

peer
  : address         # addressPeer
  | GROUP name      # groupPeer
  | ANY             # anyPeer
  ;

ruleOption
  : SPORT portList  # sportOption
  | PRIORITY number # priorityOption
  ;

portList : portRange (COMMA portRange)* ;

portRange : low=number (DASH high=number)? ;

// ---------------------------------------------------------------- instances

instanceDecl
  : INSTANCE name addressList membership?   # oneLineInstance
  | INSTANCE name LBRACE nicDecl* RBRACE    # blockInstance
  ;

nicDecl : NIC name addressList membership? ;

addressList : IP address (COMMA address)* ;

membership : IN name (COMMA name)* ;

// ---------------------------------------------------------------- assertions

assertDecl : ASSERT label? endpoint arrow endpoint claim traffic? ;

label : STRING COLON ;

endpoint
  : instance=name DOT nic=name  # nicEndpoint
  | name                        # instanceEndpoint
  | GROUP name                  # groupEndpoint
  | address                     # addressEndpoint
  | INTERNET                    # internetEndpoint
  | EXTERNAL                    # externalEndpoint
  ;

arrow
  : ARROW           # oneWayArrow
  | BIARROW         # bothWaysArrow
  ;

claim
  : REACHABLE       # reachableClaim
  | UNREACHABLE     # unreachableClaim
  | ONLY            # onlyClaim
  | INTERCONNECTED  # interconnectedClaim
  | ISOLATED        # isolatedClaim
  ;

// A union of items, each one protocol with its ports (rules stay one protocol each).
traffic : trafficItem (PLUS trafficItem)* ;

trafficItem : protocol portList? ;

// ---------------------------------------------------------------- include

includeDecl : INCLUDE STRING ;

// ---------------------------------------------------------------- leaves

name : NAME ;

number : INT ;

address
  : IPV4            # ipv4Address
  | IPV6            # ipv6Address
  ;

// ================================================================ lexer

GROUP          : 'group' ;
BASIC          : 'basic' ;
ADVANCED       : 'advanced' ;
ISOLATED       : 'isolated' ;
INTERCONNECTED : 'interconnected' ;
LEGACY_DEFAULT : 'legacy-default' ;
INGRESS        : 'ingress' ;
EGRESS         : 'egress' ;
ALLOW          : 'allow' ;
ACCEPT         : 'accept' ;
DENY           : 'deny' ;
DROP           : 'drop' ;
TCP            : 'tcp' ;
UDP            : 'udp' ;
ICMP           : 'icmp' ;
ICMPV6         : 'icmpv6' ;
GRE            : 'gre' ;
ALL            : 'all' ;
FROM           : 'from' ;
TO             : 'to' ;
ANY            : 'any' ;
SPORT          : 'sport' ;
PRIORITY       : 'priority' ;
INSTANCE       : 'instance' ;
NIC            : 'nic' ;
IP             : 'ip' ;
IN             : 'in' ;
ASSERT         : 'assert' ;
INTERNET       : 'internet' ;
EXTERNAL       : 'external' ;
REACHABLE      : 'reachable' ;
UNREACHABLE    : 'unreachable' ;
ONLY           : 'only' ;
INCLUDE        : 'include' ;

LBRACE  : '{' ;
RBRACE  : '}' ;
COMMA   : ',' ;
COLON   : ':' ;
DOT     : '.' ;
BIARROW : '<->' ;
ARROW   : '->' ;
DASH    : '-' ;
PLUS    : '+' ;

// Addresses are lexed permissively and validated in the resolver. An IPv6 token needs two
// colons, so it never swallows the colon after a label or a name.
IPV4 : DIGIT+ ('.' DIGIT+)+ ('/' DIGIT+)? ;
IPV6 : (HEX+ ':' HEX* ':' | '::') [0-9a-fA-F:.]* ('/' DIGIT+)? ;

INT  : DIGIT+ ;
// A name does not end in '-', so that 'A->B' is A, ->, B.
NAME : [a-zA-Z] ([a-zA-Z0-9_-]* [a-zA-Z0-9_])? ;

STRING : '"' ~["\r\n]* '"' ;
// A string that reaches the end of the line; the lexer wrapper reports it.
UNTERMINATED_STRING : '"' ~["\r\n]* ;

COMMENT : ('#' | '//') ~[\r\n]* -> skip ;
WS      : [ \t\r\n\f]+ -> skip ;

// Characters that start no token, as one run (blanks inside a run included), or any other
// single character; the lexer wrapper reports it and drops it (no exception per character).
UNEXPECTED : BAD ([ \t]* BAD)* | . ;

fragment BAD : ~[a-zA-Z0-9 \t\r\n\f"#/{},.:<\-+] ;

fragment DIGIT : [0-9] ;
fragment HEX   : [0-9a-fA-F] ;
