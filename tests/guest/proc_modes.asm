; EXEC 01h (load, do not run) and 03h (overlay): what the parameter block and
; memory look like afterwards.
%include "macros.inc"
        org 100h
start:
        mov sp, stack_top
        mov bx, (stack_top - $$ + 100h + 15) / 16
        mov ah, 4Ah
        int 21h
        jc fail
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        mov [free_before], bx
        mov [block + 4], cs
        mov [block + 8], cs
        mov [block + 12], cs

        mov dx, child_com                    ; 01h: load PCHILD.COM without running it
        mov bx, block
        mov ax, 4B01h
        int 21h
        jc fail
        mov ah, 62h                          ; the child is now the current process
        int 21h
        mov [child], bx
        mov ax, cs
        cmp ax, bx
        je fail
        print s_current
        les di, [block + 0Eh]                ; SS:SP, with the child's AX on top
        mov ax, [es:di]
        print s_ax
        call hex16
        call newline
        les di, [block + 12h]                ; CS:IP: PSP:0100, the first byte of the image
        mov ax, es
        cmp ax, [child]
        jne fail
        cmp di, 100h
        jne fail
        cmp byte [es:di], 50h                ; PCHILD.COM starts with PUSH AX
        jne fail
        print s_entry
        mov bx, cs                           ; back to ourselves; give its memory back
        mov ah, 50h
        int 21h
        mov es, [child]
        mov es, [es:2Ch]
        mov ah, 49h
        int 21h
        jc fail
        mov es, [child]
        mov ah, 49h
        int 21h
        jc fail
        mov bx, 0FFFFh
        mov ah, 48h
        int 21h
        cmp bx, [free_before]
        jne fail
        print s_memory

        mov bx, 40h                          ; 03h: overlays into memory of ours
        mov ah, 48h
        int 21h
        jc fail
        mov [ovl], ax
        mov [ovl_block], ax
        mov [ovl_block + 2], ax
        mov dx, child_com
        mov bx, ovl_block
        push cs
        pop es
        mov ax, 4B03h
        int 21h
        jc fail
        mov es, [ovl]
        cmp byte [es:0], 50h                 ; a COM image lands at offset 0
        jne fail
        print s_ovl_com
        mov word [ovl_block + 2], 1234h      ; an EXE with relocation factor 1234h
        mov dx, child_exe
        mov bx, ovl_block
        push cs
        pop es
        mov ax, 4B03h
        int 21h
        jc fail
        mov es, [ovl]
        mov ax, [es:3]                       ; the relocated word (MOV AX, data segment)
        sub ax, 1234h
        print s_ovl_exe
        call hex16
        call newline

        exit 0
fail:   push cs
        pop ds
        print s_fail
        exit 1

child_com db "PCHILD.COM", 0
child_exe db "PCHILDX.EXE", 0
tail    db 0, 13
fcb1    db 3, "FILE    TXT", 0, 0, 0, 0
fcb2    db 17, "ZZ      C  ", 0, 0, 0, 0
block   dw 0
        dw tail, 0
        dw fcb1, 0
        dw fcb2, 0
        dd 0, 0
ovl_block dw 0, 0
ovl     dw 0
child   dw 0
free_before dw 0
s_current db "current:child", 13, 10, "$"
s_ax    db "ax on stack:$"
s_entry db "entry:ok", 13, 10, "$"
s_memory db "memory:ok", 13, 10, "$"
s_ovl_com db "overlay com:ok", 13, 10, "$"
s_ovl_exe db "overlay exe:$"
s_fail  db "FAILED", 13, 10, "$"
%include "lib.inc"
        align 16
        times 256 db 0
stack_top:
