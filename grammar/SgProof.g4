grammar SgProof;
spec : EOF ;
WS : [ \t\r\n]+ -> skip ;
