; Ends in the way chosen by METHOD: 1 INT 21h/4Ch with CODE, 2 INT 20h,
; 3 RET to PSP:0000, 4 INT 21h/00h.
        org 100h
%if METHOD == 1
        mov ax, 4C00h | CODE
        int 21h
%elif METHOD == 2
        int 20h
%elif METHOD == 3
        ret
%else
        mov ah, 00h
        int 21h
%endif
