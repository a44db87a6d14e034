-- Three users signing up through Supabase Auth (the trigger gives each a
-- profile, and Ada and Bob their roles by address), the permissions, two
-- channels and two messages.
INSERT INTO auth.users (id, email) VALUES
    ('00000000-0000-0000-0000-0000000000a1', 'ada+supaadmin@example.com'),
    ('00000000-0000-0000-0000-000000000b0b', 'bob+supamod@example.com'),
    ('00000000-0000-0000-0000-000000000ca7', 'cat@example.com');
INSERT INTO public.role_permissions (role, permission) VALUES
    ('admin', 'channels.delete'), ('admin', 'messages.delete'), ('moderator', 'messages.delete');
INSERT INTO public.channels (slug, created_by) VALUES
    ('public', '00000000-0000-0000-0000-0000000000a1'), ('random', '00000000-0000-0000-0000-000000000b0b');
INSERT INTO public.messages (message, user_id, channel_id) VALUES
    ('Hello World', '00000000-0000-0000-0000-0000000000a1', 1),
    ('Perfection is attained', '00000000-0000-0000-0000-000000000ca7', 2);
