; Every XMS 3.0 function and its error codes, one result per line (see test_xms.py):
; version, HMA, A20 (with the 1 MiB wrap tested by a write through FFFF:xxxx), free
; memory, allocate/free/lock/unlock/info/reallocate (16- and 32-bit forms), moves
; (conventional and EMB, overlaps, every bad field), lock count overflow, handle
; exhaustion, UMB calls without UMBs, unknown functions.
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
        mov ah, 00h                          ; version, revision, HMA exists
        call xms_call
        call hex16
        call space
        mov ax, bx
        call hex16
        call space
        mov ax, dx
        call hex16
        call newline

        ; -- HMA
        mov dx, 0FFFFh
        XS 01h                               ; 0001 00
        mov dx, 0FFFFh
        XS 01h                               ; 0000 91: in use
        XS 02h                               ; 0001 00
        XS 02h                               ; 0000 93: not allocated

        ; -- A20
        XS 07h                               ; 0000 00: off at start
        call wrap                            ; wrap
        XS 03h                               ; global enable
        XS 07h                               ; 0001
        call wrap                            ; nowrap
        XS 04h                               ; global disable
        XS 07h                               ; 0000
        call wrap                            ; wrap
        XS 05h                               ; local enable (1)
        XS 05h                               ; local enable (2)
        XS 06h                               ; 0000 94: still enabled (1 left)
        XS 07h                               ; 0001
        XS 06h                               ; 0001 00
        XS 07h                               ; 0000
        XS 03h                               ; global on
        XS 05h                               ; local on
        XS 04h                               ; 0000 94: a local enable remains
        XS 07h                               ; 0001
        XS 06h                               ; 0001 00: now it goes off
        XS 07h                               ; 0000

        ; -- free memory, allocate
        mov ah, 08h
        call xms_call
        call show_ax_dx_bl                   ; 0800 0800 00
        mov dx, 1024
        mov ah, 09h
        call xms_call
        call show_dx                         ; 0001 00 0001
        mov [h1], dx
        mov dx, 1024
        mov ah, 09h
        call xms_call
        call show_dx                         ; 0001 00 0002
        mov [h2], dx
        mov dx, 1
        mov ah, 09h
        call xms_call
        call show                            ; 0000 A0: the session limit
        mov ah, 08h
        call xms_call
        call show_ax_dx_bl                   ; 0000 0000 A0

        ; -- information, lock, unlock
        mov dx, [h1]
        mov ah, 0Eh
        call xms_call
        call show_info                       ; 0001 00 1E 0400
        mov dx, [h1]
        mov ah, 0Ch
        call xms_call
        call show_lock                       ; 0001 0011 0000: 110000h
        mov dx, [h2]
        mov ah, 0Ch
        call xms_call
        call show_lock                       ; 0001 0021 0000
        mov dx, [h1]
        mov ah, 0Eh
        call xms_call
        call show_info                       ; 0001 01 1E 0400
        mov dx, [h1]
        XS 0Ah                               ; 0000 AB: locked
        mov dx, [h1]
        mov bx, 512
        XS 0Fh                               ; 0000 AB
        mov dx, [h1]
        XS 0Dh                               ; 0001 00
        mov dx, [h1]
        XS 0Dh                               ; 0000 AA: not locked
        mov dx, [h2]
        XS 0Dh                               ; 0001 00

        ; -- bad handles
        mov dx, 9
        XS 0Ah                               ; A2
        xor dx, dx
        XS 0Ah                               ; A2
        mov dx, 9
        XS 0Ch                               ; A2
        mov dx, 9
        XS 0Dh                               ; A2
        mov dx, 9
        XS 0Eh                               ; A2
        mov dx, 9
        mov bx, 1
        XS 0Fh                               ; A2
        mov dx, 9
        XS 8Eh                               ; A2
        mov dx, 9
        mov ebx, 1
        XS 8Fh                               ; A2

        ; -- moves
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
        mov si, pattern
        mov cx, 16
        call same                            ; same
        mov ecx, 16
        mov si, [h1]
        xor edi, edi
        mov dx, [h1]
        mov ebp, 2
        call move                            ; h1:0 -> h1:2, overlapping upward
        mov ecx, 18
        mov si, [h1]
        xor edi, edi
        xor dx, dx
        mov ebp, buffer
        call move
        mov si, overlapped
        mov cx, 18
        call same                            ; same: as memmove would leave it
        mov ecx, 16
        mov si, [h1]
        mov edi, 2
        mov dx, [h1]
        xor ebp, ebp
        call move                            ; h1:2 -> h1:0, overlapping downward
        mov ecx, 16
        mov si, [h1]
        xor edi, edi
        xor dx, dx
        mov ebp, buffer
        call move
        mov si, pattern
        mov cx, 16
        call same                            ; same
        mov ecx, 16
        xor si, si
        mov edi, pattern
        xor dx, dx
        mov ebp, buffer2
        call move                            ; conventional -> conventional
        mov si, buffer2
        mov cx, 16
        call same_as_pattern                 ; same

        mov ecx, 15
        xor si, si
        mov edi, pattern
        mov dx, [h1]
        xor ebp, ebp
        call move                            ; A7: odd length
        mov ecx, 16
        mov si, 7
        xor edi, edi
        mov dx, [h1]
        xor ebp, ebp
        call move                            ; A3: source handle
        mov ecx, 16
        mov si, [h1]
        mov edi, 100000h
        mov dx, [h2]
        xor ebp, ebp
        call move                            ; A4: source offset past the end
        mov ecx, 16
        mov si, [h1]
        xor edi, edi
        mov dx, 7
        xor ebp, ebp
        call move                            ; A5: destination handle
        mov ecx, 16
        mov si, [h1]
        xor edi, edi
        mov dx, [h2]
        mov ebp, 100000h
        call move                            ; A6: destination offset
        mov ecx, 32
        mov si, [h1]
        mov edi, 0FFFF0h
        mov dx, [h2]
        xor ebp, ebp
        call move                            ; A7: the source runs across its end
        mov ecx, 32
        mov si, [h1]
        xor edi, edi
        mov dx, [h2]
        mov ebp, 0FFFF0h
        call move                            ; A7: the destination does
        xor ecx, ecx
        mov si, [h1]
        xor edi, edi
        mov dx, [h2]
        xor ebp, ebp
        call move                            ; 0001: nothing to move

        ; -- reallocate
        mov dx, [h1]
        mov bx, 512
        XS 0Fh                               ; 0001 00: shrink
        mov dx, [h1]
        mov ah, 0Eh
        call xms_call
        call show_info                       ; 0001 00 1E 0200
        mov dx, [h1]
        mov bx, 1024
        XS 0Fh                               ; 0001 00: grow back
        mov dx, [h1]
        mov bx, 1025
        XS 0Fh                               ; 0000 A0
        mov ecx, 16
        mov si, [h1]
        xor edi, edi
        xor dx, dx
        mov ebp, buffer
        call move
        mov si, pattern
        mov cx, 16
        call same                            ; same: the contents stayed

        ; -- the 32-bit forms
        call query88                         ; 00000000 00000000 00FFFFFF A0
        mov dx, [h2]
        XS 0Ah                               ; 0001 00
        call query88                         ; 00000400 00000400 00FFFFFF 00
        xor edx, edx
        mov ah, 89h
        call xms_call
        call show_dx                         ; 0001 00 0002: a block of 0 KiB
        mov [h2], dx
        mov dx, [h2]
        call info8e                          ; 0001 00 001E 00000000
        mov dx, [h2]
        mov ebx, 1024
        XS 8Fh                               ; 0001 00
        mov dx, [h2]
        call info8e                          ; 0001 00 001E 00000400
        mov edx, 1
        XS 89h                               ; 0000 A0
        mov dx, [h2]
        mov ebx, 1025
        XS 8Fh                               ; 0000 A0

        ; -- lock count overflow
        mov cx, 255
.lock:  mov dx, [h1]
        mov ah, 0Ch
        push cx
        call xms_call
        pop cx
        loop .lock
        mov dx, [h1]
        XS 0Ch                               ; 0000 AC
        mov cx, 255
.unlock:
        mov dx, [h1]
        mov ah, 0Dh
        push cx
        call xms_call
        pop cx
        loop .unlock
        call show                            ; 0001 00
        mov dx, [h1]
        XS 0Dh                               ; 0000 AA

        ; -- UMBs (none in this session) and functions that do not exist
        mov dx, 0FFFFh
        XS 10h                               ; 0000 80
        mov dx, 0C800h
        XS 11h                               ; 0000 80
        mov dx, 0C800h
        mov bx, 1
        XS 12h                               ; 0000 80
        XS 13h                               ; 0000 80
        XS 0FFh                              ; 0000 80

        ; -- every handle in use
        xor bp, bp
.more:  xor dx, dx
        mov ah, 09h
        call xms_call
        test ax, ax
        jz .full
        inc bp
        jmp .more
.full:  mov ax, bp
        call hex16
        call space
        mov al, bl
        call hex8
        call newline                         ; 001E A1
        exit 0

; Print "same" if CX bytes at SI equal those at buffer, else "differ".
same:
        mov di, buffer
        push cs
        pop es
        repe cmpsb
        jne .no
        print s_same
        ret
.no:    print s_differ
        ret

same_as_pattern:
        mov di, pattern
        push cs
        pop es
        repe cmpsb
        jne same.no
        print s_same
        ret

; Does FFFF:(probe + 10h) reach the probe (the 1 MiB wrap)?
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

show_dx:                                     ; AX BL DX
        push ax
        call hex16
        call space
        mov al, bl
        call hex8
        call space
        mov ax, dx
        call hex16
        call newline
        pop ax
        ret

show_ax_dx_bl:                               ; AX DX BL
        call hex16
        call space
        mov ax, dx
        call hex16
        call space
        mov al, bl
        call hex8
        call newline
        ret

show_info:                                   ; AX BH BL DX
        call hex16
        call space
        mov al, bh
        call hex8
        call space
        mov al, bl
        call hex8
        call space
        mov ax, dx
        call hex16
        call newline
        ret

show_lock:                                   ; AX DX BX
        call hex16
        call space
        mov ax, dx
        call hex16
        call space
        mov ax, bx
        call hex16
        call newline
        ret

query88:                                     ; EAX EDX ECX BL
        mov ah, 88h
        call xms_call
        call hex32
        call space
        mov eax, edx
        call hex32
        call space
        mov eax, ecx
        call hex32
        call space
        mov al, bl
        call hex8
        call newline
        ret

info8e:                                      ; AX BH CX EDX
        mov ah, 8Eh
        call xms_call
        call hex16
        call space
        mov al, bh
        call hex8
        call space
        mov ax, cx
        call hex16
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
overlapped: db "010123456789ABCDEF"
h1:         dw 0
h2:         dw 0
probe:      db 0
buffer:     times 32 db 0
buffer2:    times 32 db 0

%include "xms_lib.inc"
%include "xms_move.inc"
        times 256 db 0
stack_top:
