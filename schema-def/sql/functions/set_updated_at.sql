BEGIN
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END;
