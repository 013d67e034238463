; Executes an invalid opcode (UD2).
%include "macros.inc"
        org 100h
        mov ax, 5555h
        ud2
        exit 0
%include "lib.inc"
