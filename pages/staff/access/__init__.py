"""Staff screens for coming in and for who may: sign-in (login, second_step), their own password and two-step
sign-in (password, two_step), and the staff users the owner manages (users)."""
