; The XMS calls whose answers DOSBox 0.74's built-in driver shares with ours (its
; HMA, local A20 counts, odd lengths, overlaps and locked frees differ): detection,
; version, global A20 with the 1 MiB wrap, allocate, moves and their bad fields,
; lock/unlock, handle information, reallocate, free, the 32-bit forms.
%include "macros.inc"
        cpu 386
        org 100h

%macro XS 1
        mov ah, %1
        call xms_call
        call show
%endmacro

start:
        mov sp, stack_top
        call xms_find
        jnc .found
        exit 1
.found:
        mov ah, 00h
        call xms_call
        call hex16                           ; 0300
        call newline

        XS 07h                               ; 0000 00
        call wrap                            ; wrap
        XS 03h
        XS 07h                               ; 0001 00
        call wrap                            ; nowrap
        XS 04h
        XS 07h                               ; 0000 00: after a disable
        call wrap                            ; wrap

        mov dx, 64
        mov ah, 09h
        call xms_call
        call show
        mov [h1], dx
        mov dx, 64
        mov ah, 09h
        call xms_call
        call show
        mov [h2], dx

        mov ecx, 16
        xor si, si
        mov edi, pattern
        mov dx, [h1]
        xor ebp, ebp
        call move                            ; conventional -> h1:0
        mov ecx, 16
        mov si, [h1]
        xor edi, edi
        mov dx, [h2]
        mov ebp, 100h
        call move                            ; h1:0 -> h2:100h
        mov ecx, 16
        mov si, [h2]
        mov edi, 100h
        xor dx, dx
        mov ebp, buffer
        call move                            ; h2:100h -> conventional
        call same

        mov ecx, 16
        mov si, 7
        xor edi, edi
        mov dx, [h1]
        xor ebp, ebp
        call move                            ; A3
        mov ecx, 16
        mov si, [h1]
        mov edi, 10000h
        mov dx, [h2]
        xor ebp, ebp
        call move                            ; A4
        mov ecx, 16
        mov si, [h1]
        xor edi, edi
        mov dx, 7
        xor ebp, ebp
        call move                            ; A5
        mov ecx, 16
        mov si, [h1]
        xor edi, edi
        mov dx, [h2]
        mov ebp, 10000h
        call move                            ; A6
        mov ecx, 32
        mov si, [h1]
        mov edi, 0FFF0h
        mov dx, [h2]
        xor ebp, ebp
        call move                            ; A7: across the source's end
        mov ecx, 32
        mov si, [h1]
        xor edi, edi
        mov dx, [h2]
        mov ebp, 0FFF0h
        call move                            ; A7: across the destination's end

        mov dx, [h1]
        mov ah, 0Ch
        call xms_call
        call hex16                           ; 0001 (the address is the driver's own)
        call newline
        mov dx, [h1]
        mov ah, 0Eh
        call xms_call
        call show_info                       ; 0001 01 0040
        mov dx, [h1]
        XS 0Dh                               ; 0001 00
        mov dx, [h1]
        XS 0Dh                               ; 0000 AA

        mov dx, 9
        XS 0Ah                               ; A2
        mov dx, 9
        XS 0Ch
        mov dx, 9
        XS 0Dh
        mov dx, 9
        XS 0Eh
        mov dx, 9
        mov bx, 1
        XS 0Fh

        mov dx, [h1]
        mov bx, 32
        XS 0Fh                               ; 0001 00
        mov dx, [h1]
        mov ah, 0Eh
        call xms_call
        call show_info                       ; 0001 00 0020
        mov dx, [h1]
        mov bx, 128
        XS 0Fh
        mov dx, [h1]
        mov ah, 0Eh
        call xms_call
        call show_info                       ; 0001 00 0080
        mov dx, [h1]
        XS 0Ah                               ; 0001 00
        mov dx, [h1]
        XS 0Ah                               ; 0000 A2
        mov dx, [h2]
        XS 0Ah

        mov edx, 16
        mov ah, 89h
        call xms_call
        call hex16
        call newline
        mov [h1], dx
        mov dx, [h1]
        call info8e                          ; 0001 00 00000010
        mov dx, [h1]
        mov ebx, 32
        XS 8Fh
        mov dx, [h1]
        call info8e                          ; 0001 00 00000020
        mov dx, [h1]
        XS 0Ah
        XS 13h                               ; 0000 80: no such function
        exit 0

same:
        mov si, pattern
        mov di, buffer
        mov cx, 16
        push cs
        pop es
        repe cmpsb
        jne .no
        print s_same
        ret
.no:    print s_differ
        ret

wrap:
        push es
        mov byte [probe], 55h
        mov ax, cs
        shl ax, 4
        add ax, probe + 10h
        mov di, ax
        mov ax, 0FFFFh
        mov es, ax
        mov byte [es:di], 0AAh
        pop es
        cmp byte [probe], 0AAh
        je .wraps
        print s_nowrap
        ret
.wraps: print s_wrap
        ret

show_info:                                   ; AX BH DX (the free handle count differs)
        call hex16
        call space
        mov al, bh
        call hex8
        call space
        mov ax, dx
        call hex16
        call newline
        ret

info8e:                                      ; AX BH EDX
        mov ah, 8Eh
        call xms_call
        call hex16
        call space
        mov al, bh
        call hex8
        call space
        mov eax, edx
        call hex32
        call newline
        ret

s_same:     db "same", 13, 10, "$"
s_differ:   db "differ", 13, 10, "$"
s_wrap:     db "wrap", 13, 10, "$"
s_nowrap:   db "nowrap", 13, 10, "$"
pattern:    db "0123456789ABCDEF"
h1:         dw 0
h2:         dw 0
probe:      db 0
buffer:     times 32 db 0

%include "xms_lib.inc"
%include "xms_move.inc"
        times 256 db 0
stack_top:
