//! The default anatomy given to new sandbox projects: a smaller version of what
//! AYON's built-in anatomy gives a project (folder and task types, statuses, link
//! types, tags, roots, templates and attribute defaults), enough to look real.

use serde_json::{Map, Value, json};

/// `folderTypes`.
pub fn folder_types() -> Value {
    json!([
        {"name": "Folder", "shortName": "", "icon": "folder"},
        {"name": "Library", "shortName": "lib", "icon": "category"},
        {"name": "Asset", "shortName": "", "icon": "smart_toy"},
        {"name": "Episode", "shortName": "ep", "icon": "live_tv"},
        {"name": "Sequence", "shortName": "sq", "icon": "theaters"},
        {"name": "Shot", "shortName": "sh", "icon": "movie"}
    ])
}

/// `taskTypes`.
pub fn task_types() -> Value {
    json!([
        {"name": "Generic", "shortName": "gener", "color": "#5c6c79", "icon": "task_alt"},
        {"name": "Modeling", "shortName": "mdl", "color": "#E74C4C", "icon": "language"},
        {"name": "Texture", "shortName": "tex", "color": "#D84444", "icon": "brush"},
        {"name": "Rigging", "shortName": "rig", "color": "#1AAFC3", "icon": "construction"},
        {"name": "Layout", "shortName": "lay", "color": "#2359B3", "icon": "nature_people"},
        {"name": "Animation", "shortName": "anim", "color": "#3599F1", "icon": "directions_run"},
        {"name": "FX", "shortName": "fx", "color": "#A43BC1", "icon": "fireplace"},
        {"name": "Lighting", "shortName": "lgt", "color": "#812DB1", "icon": "highlight"},
        {"name": "Compositing", "shortName": "comp", "color": "#612BA3", "icon": "layers"}
    ])
}

/// `linkTypes`.
pub fn link_types() -> Value {
    json!([
        {"name": "generative|version|version", "linkType": "generative", "inputType": "version",
         "outputType": "version", "data": {"color": "#3f67de", "style": "solid"}},
        {"name": "breakdown|folder|folder", "linkType": "breakdown", "inputType": "folder",
         "outputType": "folder", "data": {"color": "#6edd72", "style": "solid"}},
        {"name": "reference|version|version", "linkType": "reference", "inputType": "version",
         "outputType": "version", "data": {"color": "#d94383", "style": "solid"}}
    ])
}

/// `statuses`.
pub fn statuses() -> Value {
    json!([
        {"name": "Not ready", "shortName": "NRD", "state": "not_started", "icon": "fiber_new",
         "color": "#3d444f", "scope": ["folder", "product", "task"]},
        {"name": "Ready to start", "shortName": "RDY", "state": "not_started", "icon": "timer",
         "color": "#bababa", "scope": ["folder", "task"]},
        {"name": "In progress", "shortName": "PRG", "state": "in_progress", "icon": "play_arrow",
         "color": "#5bb8f5", "scope": ["folder", "task"]},
        {"name": "Pending review", "shortName": "RVW", "state": "in_progress", "icon": "visibility",
         "color": "#ffcd19", "scope": ["folder", "version", "task"]},
        {"name": "Approved", "shortName": "APP", "state": "done", "icon": "task_alt",
         "color": "#08f094", "scope": ["folder", "product", "version", "task"]},
        {"name": "On hold", "shortName": "HLD", "state": "blocked", "icon": "back_hand",
         "color": "#fa6e46", "scope": ["folder", "task"]},
        {"name": "Omitted", "shortName": "OMT", "state": "blocked", "icon": "block",
         "color": "#cb1a1a", "scope": ["folder", "product", "version", "representation", "task"]}
    ])
}

/// `tags`.
pub fn tags() -> Value {
    json!([
        {"name": "important", "color": "#ff2450"},
        {"name": "for reel", "color": "#5be1c6"}
    ])
}

/// `config`: one root and the basic work/publish templates.
pub fn config() -> Value {
    json!({
        "roots": {
            "work": {"darwin": "/Volumes/projects", "linux": "/mnt/share/projects", "windows": "C:/projects"}
        },
        "templates": {
            "common": {
                "frame": "{frame:0>{@frame_padding}}",
                "frame_padding": 4,
                "version": "v{version:0>{@version_padding}}",
                "version_padding": 3
            },
            "work": {
                "default": {
                    "directory": "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/work/{task[name]}",
                    "file": "{project[code]}_{folder[name]}_{task[name]}_{@version}<_{comment}>.{ext}"
                }
            },
            "publish": {
                "default": {
                    "directory": "{root[work]}/{project[name]}/{hierarchy}/{folder[name]}/publish/{product[type]}/{product[name]}/{@version}",
                    "file": "{project[code]}_{folder[name]}_{product[name]}_{@version}<_{output}><.{@frame}><_{udim}>.{ext}"
                }
            }
        }
    })
}

/// Default project attributes.
pub fn project_attrib() -> Map<String, Value> {
    let attrib = json!({
        "priority": "normal",
        "fps": 25.0,
        "resolutionWidth": 1920,
        "resolutionHeight": 1080,
        "pixelAspect": 1.0,
        "clipIn": 1,
        "clipOut": 1,
        "frameStart": 1001,
        "frameEnd": 1001,
        "handleStart": 0,
        "handleEnd": 0
    });
    match attrib {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Attribute definitions reported by `GET /api/info` to logged-in callers (the
/// project and user attributes the sandbox uses, not the server's full list).
pub fn attribute_definitions() -> Value {
    let scope_all = json!(["project", "folder", "version", "representation", "task"]);
    let defs = [
        (
            "priority",
            json!(["project", "folder", "task"]),
            json!({"type": "string", "title": "Priority", "default": "normal", "inherit": true}),
        ),
        (
            "fps",
            scope_all.clone(),
            json!({"type": "float", "title": "FPS", "description": "Frame rate", "example": 25, "default": 25, "gt": 0, "inherit": true}),
        ),
        (
            "resolutionWidth",
            scope_all.clone(),
            json!({"type": "integer", "title": "Width", "description": "Horizontal resolution", "example": 1920, "default": 1920, "gt": 0, "lt": 50000, "inherit": true}),
        ),
        (
            "resolutionHeight",
            scope_all.clone(),
            json!({"type": "integer", "title": "Height", "description": "Vertical resolution", "example": 1080, "default": 1080, "gt": 0, "lt": 50000, "inherit": true}),
        ),
        (
            "pixelAspect",
            scope_all.clone(),
            json!({"type": "float", "title": "Pixel aspect", "example": 1.0, "default": 1.0, "gt": 0, "inherit": true}),
        ),
        (
            "clipIn",
            scope_all.clone(),
            json!({"type": "integer", "title": "Clip In", "example": 1, "default": 1, "inherit": true}),
        ),
        (
            "clipOut",
            scope_all.clone(),
            json!({"type": "integer", "title": "Clip Out", "example": 1, "default": 1, "inherit": true}),
        ),
        (
            "frameStart",
            scope_all.clone(),
            json!({"type": "integer", "title": "Start frame", "example": 1001, "default": 1001, "inherit": true}),
        ),
        (
            "frameEnd",
            scope_all.clone(),
            json!({"type": "integer", "title": "End frame", "default": 1001, "inherit": true}),
        ),
        (
            "handleStart",
            scope_all.clone(),
            json!({"type": "integer", "title": "Handle start", "default": 0, "inherit": true}),
        ),
        (
            "handleEnd",
            scope_all,
            json!({"type": "integer", "title": "Handle end", "default": 0, "inherit": true}),
        ),
        (
            "fullName",
            json!(["user"]),
            json!({"type": "string", "title": "Full name", "example": "Jane Doe", "inherit": true}),
        ),
        (
            "email",
            json!(["user"]),
            json!({"type": "string", "title": "E-Mail", "example": "jane.doe@ayon.cloud", "inherit": true}),
        ),
        (
            "avatarUrl",
            json!(["user"]),
            json!({"type": "string", "title": "Avatar URL", "inherit": true}),
        ),
        (
            "developerMode",
            json!(["user"]),
            json!({"type": "boolean", "title": "Developer mode", "example": true, "inherit": true}),
        ),
    ];
    Value::Array(
        defs.into_iter()
            .enumerate()
            .map(|(position, (name, scope, data))| {
                json!({"name": name, "position": position, "scope": scope, "builtin": true, "data": data})
            })
            .collect(),
    )
}
