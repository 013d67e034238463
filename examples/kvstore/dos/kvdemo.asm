; KVDEMO.COM - the DOS half of the key/value store example.
;
; Reads the "greeting" a host program put into the VKVS store, prints it, and
; stores a "reply" for the host: the greeting in capitals.
;
; KVDEMO /W waits instead: for the greeting to appear, then, after replying, for
; the host to take (delete) the reply; it idles meanwhile (INT 2Fh/1680h), so a
; session that waits costs no host CPU. This is the form for a session that runs
; on its own, such as one a server started, with a host that comes and goes.
;
; Exit codes: 0 done; 1 VKVS is not installed; 2 no greeting in the store;
; 3 the greeting is longer than KVDEMO's buffer; 4 the store refused the reply.
;
; Build: nasm -f bin -I examples/kvstore/dos/ examples/kvstore/dos/kvdemo.asm -o KVDEMO.COM
        cpu 8086
        org 100h
%include "kvs.inc"

BUFSIZE equ 128

start:
        call parse_tail
        call kvs_present
        jnc get_greeting
        mov dx, msg_absent
        mov al, 1
        jmp fail

get_greeting:
        push ds
        pop es                      ; ES:DI -> our buffer
        mov ah, KVS_GET
        mov si, key_greeting
        mov di, buffer
        mov cx, BUFSIZE
        int KVS_INT
        jnc show_greeting
        cmp ax, KVS_ERR_BUFFER
        je too_long
        cmp ax, KVS_ERR_NOT_FOUND
        jne no_greeting
        cmp byte [wait_mode], 0
        je no_greeting
        mov dx, msg_wait1           ; say it once, then wait quietly
        cmp byte [said_wait], 0
        jne .idle
        call print
        mov byte [said_wait], 1
.idle:
        call idle
        jmp get_greeting

no_greeting:
        mov dx, msg_nokey
        mov al, 2
        jmp fail

too_long:                           ; CX = the length the greeting has
        mov dx, msg_long1
        call print
        mov ax, cx
        call print_dec
        mov dx, msg_long2
        mov al, 3
        jmp fail

show_greeting:
        mov [length], cx
        mov dx, msg_got
        call print
        mov dx, buffer
        call write                  ; CX bytes: the value need not end in '$' or NUL
        call newline

        mov si, buffer              ; the reply: the greeting in capitals
        mov cx, [length]
        jcxz put_reply
upcase:
        lodsb
        cmp al, 'a'
        jb .next
        cmp al, 'z'
        ja .next
        sub al, 'a' - 'A'
        mov [si-1], al
.next:
        loop upcase

put_reply:
        mov ah, KVS_PUT
        mov si, key_reply
        mov di, buffer
        mov cx, [length]
        int KVS_INT
        jnc replied
        mov dx, msg_refused
        call print
        call print_dec              ; AX = the error code
        mov dx, msg_dot
        mov al, 4
        jmp fail

replied:
        mov ah, KVS_COUNT
        int KVS_INT
        mov dx, msg_replied
        call print
        mov ax, cx
        call print_dec
        call newline
        cmp byte [wait_mode], 0
        je done
        mov dx, msg_wait2
        call print
reply_taken:                        ; until the host has deleted the reply
        mov ah, KVS_GET
        mov si, key_reply
        mov di, buffer
        xor cx, cx                  ; no room: "too small" means it is still there
        int KVS_INT
        jnc .still_there            ; an empty reply fits in no room
        cmp ax, KVS_ERR_NOT_FOUND
        je done
.still_there:
        call idle
        jmp reply_taken

done:
        mov al, 0
exit:
        mov ah, 4Ch
        int 21h

fail:                               ; DX = the message's last part, AL = exit code
        call print
        jmp exit

; parse_tail: /W (or /w) anywhere in the command tail sets wait_mode.
parse_tail:
        mov si, 81h
        mov cl, [80h]
        xor ch, ch
.next:
        jcxz .done
        lodsb
        dec cx
        cmp al, '/'
        jne .next
        jcxz .done
        lodsb
        dec cx
        or al, 20h                  ; lower case
        cmp al, 'w'
        jne .next
        mov byte [wait_mode], 1
        jmp .next
.done:
        ret

; idle: give up the rest of this time slice while waiting (INT 2Fh/1680h).
idle:
        push ax
        mov ax, 1680h
        int 2Fh
        pop ax
        ret

%include "kvio.inc"

key_greeting db "greeting", 0
key_reply    db "reply", 0
msg_absent   db "KVDEMO: the VKVS key/value store is not installed (INT F5h)", 13, 10, "$"
msg_nokey    db "KVDEMO: no greeting in the store", 13, 10, "$"
msg_long1    db "KVDEMO: the greeting is $"
msg_long2    db " bytes, more than the 128 KVDEMO takes", 13, 10, "$"
msg_got      db "KVDEMO: the host says: $"
msg_refused  db "KVDEMO: the store refused the reply: error $"
msg_dot      db 13, 10, "$"
msg_replied  db "KVDEMO: reply stored; keys in the store: $"
msg_wait1    db "KVDEMO: waiting for a greeting", 13, 10, "$"
msg_wait2    db "KVDEMO: waiting for the host to take the reply", 13, 10, "$"
wait_mode    db 0
said_wait    db 0
length       dw 0
buffer       times BUFSIZE db 0
