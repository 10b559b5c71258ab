//! Polymorphic relations on every engine: `-> A | B` checks the type name, and
//! `@exclusive_arcs` accepts exactly one target.

mod patterns_support;

use patterns_support::{compile, Db};

const SCHEMA: &str = "
entity Post {
  id    id
  title string(40)
}
entity Photo {
  id id
}
entity Comment {
  id      id
  subject -> Post | Photo
  flagged -> Post | Photo @exclusive_arcs
}
";

#[test]
fn unknown_types_and_several_arcs_are_rejected() {
    let schema = compile(SCHEMA);
    for mut db in Db::all(&schema) {
        let kind = db.kind();
        db.exec("INSERT INTO posts (id, title) VALUES (1, 'hello')");
        db.exec("INSERT INTO photos (id) VALUES (1)");
        db.exec("INSERT INTO comments (id, subject_type, subject_id, flagged_post_id) VALUES (1, 'Post', 1, 1)");
        db.exec("INSERT INTO comments (id, subject_type, subject_id, flagged_photo_id) VALUES (2, 'Photo', 1, 1)");
        // Unknown type.
        db.rejects("INSERT INTO comments (id, subject_type, subject_id, flagged_post_id) VALUES (3, 'Video', 1, 1)");
        // Two arcs, and none.
        db.rejects("INSERT INTO comments (id, subject_type, subject_id, flagged_post_id, flagged_photo_id) VALUES (4, 'Post', 1, 1, 1)");
        db.rejects("INSERT INTO comments (id, subject_type, subject_id) VALUES (5, 'Post', 1)");
        // An arc keeps referential integrity.
        db.rejects("INSERT INTO comments (id, subject_type, subject_id, flagged_post_id) VALUES (6, 'Post', 1, 99)");
        assert_eq!(db.ints("SELECT count(*) FROM comments", &[]), [2], "{kind}");
    }
}
