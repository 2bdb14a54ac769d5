"""The SOQL and SOSL grammar (Lark, LALR with a contextual lexer).

Salesforce's reserved words never lex as names. Other keywords are case-insensitive whole words with a
higher priority than NAME, so that in a state where
both an identifier and a keyword may follow (an alias or FROM) the keyword wins, while objects named
like keywords (`Order`, `Group`) still lex as names wherever a keyword cannot appear.

SOQL's "no operator precedence" rule is in the grammar: a condition is a single primary, primaries
joined only by AND, only by OR, or NOT before a primary; mixing needs parentheses, so
`a AND b OR c` fails at `OR` and `a AND NOT b` fails at `NOT`, as in Salesforce.
"""

from __future__ import annotations

# Salesforce's reserved SOQL keywords: never valid as names.
RESERVED = (
    "and", "asc", "desc", "excludes", "first", "from", "group", "having", "in", "includes", "last", "like", "limit",
    "not", "null", "nulls", "or", "select", "where", "with",
)

_GRAMMAR = r"""
query: select_clause from_clause using_clause? where_clause? with_clause? group_clause? having_clause? \
       order_clause? limit_clause? offset_clause? for_clause? update_clause?

select_clause: SELECT select_item ("," select_item)*
?select_item: field_ref alias?          -> sel_field
            | func alias?               -> sel_func
            | LPAR query ")"            -> sel_child
            | TYPEOF NAME typeof_tail   -> sel_typeof
typeof_tail: (WHEN NAME THEN field_list)+ (ELSE field_list)? END
field_list: field_ref ("," field_ref)*
alias: NAME

from_clause: FROM field_ref alias?
using_clause: USING SCOPE NAME
where_clause: WHERE cond
having_clause: HAVING cond
with_clause: WITH NAME
group_clause: GROUP BY operand ("," operand)*
order_clause: ORDER BY order_item ("," order_item)*
order_item: operand direction? nulls?
direction: ASC | DESC
nulls: NULLS (FIRST | LAST)
limit_clause: LIMIT INT
offset_clause: OFFSET INT
for_clause: FOR NAME ("," NAME)*
update_clause: UPDATE NAME ("," NAME)*

?cond: primary
     | primary (AND primary)+     -> and_cond
     | primary (OR primary)+      -> or_cond
     | NOT primary                -> not_cond
?primary: predicate
        | "(" cond ")"

predicate: operand COMPOP value                      -> cmp
         | operand LIKE value                        -> like
         | operand IN "(" value_list ")"             -> in_list
         | operand NOT IN "(" value_list ")"         -> not_in_list
         | operand IN LPAR query ")"                 -> semi_join
         | operand NOT IN LPAR query ")"             -> anti_join
         | operand INCLUDES "(" value_list ")"       -> includes
         | operand EXCLUDES "(" value_list ")"       -> excludes

value_list: value ("," value)*
value: STRING | NUMBER | DATETIME | DATE | NULL | TRUE | FALSE | DATE_N | NAME

?operand: field_ref | func
field_ref: NAME ("." NAME)*
func: NAME LPAR (func_arg ("," func_arg)*)? ")"
?func_arg: field_ref | func

sosl: FIND SEARCH in_fields? returning? sosl_with* sosl_limit? sosl_offset? update_clause?
in_fields: IN NAME NAME
returning: RETURNING ret_item ("," ret_item)*
ret_item: NAME (LPAR ret_fields where_clause? order_clause? limit_clause? offset_clause? ")")?
ret_fields: select_item ("," select_item)*
sosl_with: WITH NAME (COMPOP value)?
sosl_limit: LIMIT INT
sosl_offset: OFFSET INT

COMPOP: "=" | "!=" | "<>" | "<=" | ">=" | "<" | ">"
LPAR: "("

SELECT.2: /select\b/i
FROM.2: /from\b/i
WHERE.2: /where\b/i
AND.2: /and\b/i
OR.2: /or\b/i
NOT.2: /not\b/i
IN.2: /in\b/i
LIKE.2: /like\b/i
INCLUDES.2: /includes\b/i
EXCLUDES.2: /excludes\b/i
GROUP.2: /group\b/i
BY.2: /by\b/i
HAVING.2: /having\b/i
ORDER.2: /order\b/i
ASC.2: /asc\b/i
DESC.2: /desc\b/i
NULLS.2: /nulls\b/i
FIRST.2: /first\b/i
LAST.2: /last\b/i
LIMIT.2: /limit\b/i
OFFSET.2: /offset\b/i
WITH.2: /with\b/i
FOR.2: /for\b/i
UPDATE.2: /update\b/i
USING.2: /using\b/i
SCOPE.2: /scope\b/i
NULL.2: /null\b/i
TRUE.2: /true\b/i
FALSE.2: /false\b/i
TYPEOF.2: /typeof\b/i
WHEN.2: /when\b/i
THEN.2: /then\b/i
ELSE.2: /else\b/i
END.2: /end\b/i
FIND.2: /find\b/i
RETURNING.2: /returning\b/i

DATETIME.4: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})/i
DATE.3: /\d{4}-\d{2}-\d{2}(?![\w:])/
DATE_N.3: /[A-Za-z_][A-Za-z0-9_]*:\s*[+-]?\d+/
NUMBER: /[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(?![A-Za-z_])/
INT: /\d+/
STRING: /'(?:[^'\\\n]|\\.)*'/
SEARCH: /\{(?:[^{}\\]|\\.)*\}/s | /'(?:[^'\\]|\\.)*'/
NAME: /(?!(?i:RESERVED)\b)[A-Za-z_][A-Za-z0-9_]*/

%import common.WS
%ignore WS
"""

GRAMMAR = _GRAMMAR.replace("RESERVED", "|".join(RESERVED))
