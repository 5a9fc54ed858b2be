-- Groups, blueprints (versioned Jami client settings) and which blueprint each group gets (issue 15). Read models:
-- rebuilt from the policy events at any time. A group has an id that never changes and a name that may.
CREATE TABLE policy_groups (
    group_id    VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(64)  NOT NULL,
    description VARCHAR(256) NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX policy_groups_by_name ON policy_groups (name);

CREATE TABLE policy_group_members (
    group_id VARCHAR(64) NOT NULL,
    username VARCHAR(64) NOT NULL,
    added_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, username)
);
CREATE INDEX policy_group_members_by_username ON policy_group_members (username);

-- Every version of every blueprint: old versions stay readable.
CREATE TABLE policy_blueprint_versions (
    name       VARCHAR(64) NOT NULL,
    version    INTEGER     NOT NULL,
    settings   JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (name, version)
);

-- The blueprint of a group: a group's id, or a directory group's DN (lower-case).
CREATE TABLE policy_attachments (
    group_key   VARCHAR(1024) PRIMARY KEY,
    blueprint   VARCHAR(64)   NOT NULL,
    precedence  INTEGER       NOT NULL,
    attached_at TIMESTAMPTZ   NOT NULL
);

CREATE TABLE policy_default_blueprint (
    id        SMALLINT    PRIMARY KEY CHECK (id = 1),
    blueprint VARCHAR(64),
    set_at    TIMESTAMPTZ NOT NULL
);
