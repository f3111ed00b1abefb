//! `template.yaml` as the local stack reads it: the resources and functions
//! it defines, with CloudFormation's intrinsic functions evaluated against the
//! parameters' defaults and the local resources' names.
//!
//! Only what the local stack needs is evaluated (`Ref`, `Fn::Sub`, `Fn::If`
//! with its conditions, `Fn::GetAtt`, `Fn::Join`, `Fn::Split`, `Fn::Select`);
//! anything else is an error naming the function, so that a template change
//! the stack cannot follow fails loudly instead of being half read.

use std::{collections::HashMap, path::Path};

use serde_json::{Map, Value};

/// The stack name, account and region the local stack stands for.
pub const STACK_NAME: &str = "ecar-local";
pub const ACCOUNT_ID: &str = "123456789012";
pub const REGION: &str = "us-east-1";

/// A template error: what could not be read or evaluated, and where.
#[derive(Debug, thiserror::Error)]
#[error("template.yaml: {0}")]
pub struct TemplateError(pub String);

fn error(message: impl Into<String>) -> TemplateError {
    TemplateError(message.into())
}

/// The template with what its intrinsic functions refer to.
pub struct Template {
    document: Value,
    parameters: HashMap<String, Value>,
    /// `Ref` of the resources the local stack made (table name, topic ARN...).
    physical_ids: HashMap<String, String>,
    /// `Fn::GetAtt` of those resources.
    attributes: HashMap<(String, String), String>,
    /// The values of the secrets the local stack made, by ARN, for the
    /// `{{resolve:secretsmanager:…}}` dynamic references.
    secret_values: HashMap<String, String>,
}

impl Template {
    /// Reads `path`, CloudFormation's short tags (`!Ref`, `!Sub`...) as the
    /// long forms they stand for.
    pub fn read(path: &Path) -> Result<Self, TemplateError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| error(format!("cannot read {}: {e}", path.display())))?;
        Self::parse(&text)
    }

    /// Parses the template's text.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let yaml: serde_norway::Value =
            serde_norway::from_str(text).map_err(|e| error(e.to_string()))?;
        let document = long_form(yaml)?;
        let mut parameters = HashMap::new();
        if let Some(declared) = document["Parameters"].as_object() {
            for (name, declaration) in declared {
                let default = declaration
                    .get("Default")
                    .cloned()
                    .unwrap_or(Value::String(String::new()));
                parameters.insert(name.clone(), scalar_string(default));
            }
        }
        Ok(Self {
            document,
            parameters,
            physical_ids: HashMap::new(),
            attributes: HashMap::new(),
            secret_values: HashMap::new(),
        })
    }

    /// Overrides a parameter's default, as `sam deploy --parameter-overrides` does.
    pub fn set_parameter(&mut self, name: &str, value: &str) -> Result<(), TemplateError> {
        if !self.parameters.contains_key(name) {
            return Err(error(format!("no parameter {name}")));
        }
        self.parameters
            .insert(name.into(), Value::String(value.into()));
        Ok(())
    }

    /// Gives every `NoEcho` parameter without a default and left empty a
    /// random value, as an operator types one at `sam deploy --guided`.
    pub fn choose_secrets(&mut self) {
        let Some(declared) = self.document["Parameters"].as_object() else {
            return;
        };
        let mut chosen = Vec::new();
        for (name, declaration) in declared {
            let secret = declaration["NoEcho"] == true || declaration["NoEcho"] == "true";
            let required = declaration.get("Default").is_none();
            let empty = self.parameter(name).is_none_or(|value| value.is_empty());
            if secret && required && empty {
                chosen.push(name.clone());
            }
        }
        for name in chosen {
            let value = format!("{}{}", ulid::Ulid::new(), ulid::Ulid::new()).to_lowercase();
            self.parameters.insert(name, Value::String(value));
        }
    }

    /// A parameter's current value.
    pub fn parameter(&self, name: &str) -> Option<String> {
        self.parameters
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// Records what `Ref resource` evaluates to.
    pub fn set_physical_id(&mut self, resource: &str, id: &str) {
        self.physical_ids.insert(resource.into(), id.into());
    }

    /// Records a secret's value, for the dynamic references to it.
    pub fn set_secret_value(&mut self, arn: &str, value: &str) {
        self.secret_values.insert(arn.into(), value.into());
    }

    /// Records what `Fn::GetAtt [resource, attribute]` evaluates to.
    pub fn set_attribute(&mut self, resource: &str, attribute: &str, value: &str) {
        self.attributes
            .insert((resource.into(), attribute.into()), value.into());
    }

    /// The logical ids of the resources of `kind` (`AWS::SNS::Topic`...), in
    /// template order.
    pub fn resources_of(&self, kind: &str) -> Vec<String> {
        self.document["Resources"]
            .as_object()
            .map(|resources| {
                resources
                    .iter()
                    .filter(|(_, resource)| resource["Type"] == kind)
                    .map(|(name, _)| name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The unevaluated definition of a resource.
    pub fn resource(&self, name: &str) -> Result<&Value, TemplateError> {
        self.document["Resources"]
            .get(name)
            .ok_or_else(|| error(format!("no resource {name}")))
    }

    /// A resource's `Properties`, evaluated.
    pub fn properties(&self, name: &str) -> Result<Value, TemplateError> {
        let resource = self.resource(name)?;
        Ok(self
            .evaluate(&resource["Properties"])?
            .unwrap_or(Value::Null))
    }

    /// A section of the template outside `Resources` (`Globals`...), evaluated.
    pub fn section(&self, path: &[&str]) -> Result<Value, TemplateError> {
        let mut value = &self.document;
        for key in path {
            value = &value[*key];
        }
        Ok(self.evaluate(value)?.unwrap_or(Value::Null))
    }

    /// Evaluates the intrinsic functions in `value`; `None` is `AWS::NoValue`
    /// (the key or list element it stands for is dropped).
    pub fn evaluate(&self, value: &Value) -> Result<Option<Value>, TemplateError> {
        match value {
            Value::Object(map) if map.len() == 1 => {
                let (key, argument) = map.iter().next().expect("one entry");
                if key == "Ref" || key.starts_with("Fn::") || key == "Condition" {
                    return self.intrinsic(key, argument);
                }
                self.evaluate_map(map).map(Some)
            }
            Value::Object(map) => self.evaluate_map(map).map(Some),
            Value::Array(items) => {
                let mut evaluated = Vec::with_capacity(items.len());
                for item in items {
                    if let Some(item) = self.evaluate(item)? {
                        evaluated.push(item);
                    }
                }
                Ok(Some(Value::Array(evaluated)))
            }
            Value::String(text) => Ok(Some(Value::String(self.resolve_dynamic(text)?))),
            other => Ok(Some(other.clone())),
        }
    }

    /// Replaces each `{{resolve:secretsmanager:<arn>[:SecretString]}}` in
    /// `text` with the secret's value, as CloudFormation does at deploy.
    /// Before the stack made any secret (the template only read), the
    /// references stay as written.
    fn resolve_dynamic(&self, text: &str) -> Result<String, TemplateError> {
        const OPEN: &str = "{{resolve:secretsmanager:";
        if self.secret_values.is_empty() {
            return Ok(text.to_string());
        }
        let mut resolved = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(OPEN) {
            resolved.push_str(&rest[..at]);
            let after = &rest[at + OPEN.len()..];
            let end = after
                .find("}}")
                .ok_or_else(|| error(format!("unclosed dynamic reference in {text}")))?;
            let reference = &after[..end];
            let id = reference.strip_suffix(":SecretString").unwrap_or(reference);
            let value = self.secret_values.get(id).ok_or_else(|| {
                error(format!(
                    "dynamic reference to a secret the stack has not made: {reference}"
                ))
            })?;
            resolved.push_str(value);
            rest = &after[end + 2..];
        }
        resolved.push_str(rest);
        Ok(resolved)
    }

    fn evaluate_map(&self, map: &Map<String, Value>) -> Result<Value, TemplateError> {
        let mut evaluated = Map::new();
        for (key, value) in map {
            if let Some(value) = self.evaluate(value)? {
                evaluated.insert(key.clone(), value);
            }
        }
        Ok(Value::Object(evaluated))
    }

    fn intrinsic(&self, function: &str, argument: &Value) -> Result<Option<Value>, TemplateError> {
        let text = |value: &Value| -> Result<String, TemplateError> {
            match self.evaluate(value)? {
                Some(Value::String(text)) => Ok(text),
                Some(Value::Number(number)) => Ok(number.to_string()),
                other => Err(error(format!(
                    "{function}: expected a string, got {other:?}"
                ))),
            }
        };
        let list = |value: &Value| -> Result<Vec<Value>, TemplateError> {
            match self.evaluate(value)? {
                Some(Value::Array(items)) => Ok(items),
                other => Err(error(format!("{function}: expected a list, got {other:?}"))),
            }
        };
        let arguments = |count: usize| -> Result<&Vec<Value>, TemplateError> {
            argument
                .as_array()
                .filter(|items| items.len() == count)
                .ok_or_else(|| error(format!("{function} takes {count} arguments")))
        };
        Ok(Some(match function {
            "Ref" => {
                let name = argument
                    .as_str()
                    .ok_or_else(|| error("Ref of a non-string"))?;
                if name == "AWS::NoValue" {
                    return Ok(None);
                }
                Value::String(self.reference(name)?)
            }
            "Fn::Sub" => Value::String(self.resolve_dynamic(&self.substitute(argument)?)?),
            "Fn::If" => {
                let [condition, then, otherwise] = arguments(3)?.as_slice() else {
                    unreachable!("three arguments")
                };
                let name = condition
                    .as_str()
                    .ok_or_else(|| error("Fn::If names a condition"))?;
                let branch = if self.condition(name)? {
                    then
                } else {
                    otherwise
                };
                return self.evaluate(branch);
            }
            "Fn::GetAtt" => {
                let [resource, attribute] = arguments(2)?.as_slice() else {
                    unreachable!("two arguments")
                };
                Value::String(self.attribute(&text(resource)?, &text(attribute)?)?)
            }
            "Fn::Join" => {
                let [separator, items] = arguments(2)?.as_slice() else {
                    unreachable!("two arguments")
                };
                let separator = text(separator)?;
                let parts: Result<Vec<String>, _> = list(items)?.iter().map(&text).collect();
                Value::String(parts?.join(&separator))
            }
            "Fn::Split" => {
                let [separator, source] = arguments(2)?.as_slice() else {
                    unreachable!("two arguments")
                };
                let separator = text(separator)?;
                Value::Array(
                    text(source)?
                        .split(separator.as_str())
                        .map(|part| Value::String(part.into()))
                        .collect(),
                )
            }
            "Fn::Select" => {
                let [index, items] = arguments(2)?.as_slice() else {
                    unreachable!("two arguments")
                };
                let index: usize = text(index)?
                    .parse()
                    .map_err(|_| error("Fn::Select index is not a number"))?;
                list(items)?
                    .get(index)
                    .cloned()
                    .ok_or_else(|| error("Fn::Select index out of range"))?
            }
            "Fn::Equals" | "Fn::Not" | "Fn::And" | "Fn::Or" | "Condition" => {
                let mut wrapped = Map::new();
                wrapped.insert(function.into(), argument.clone());
                Value::Bool(self.truth(&Value::Object(wrapped))?)
            }
            other => {
                return Err(error(format!(
                    "{other} is not evaluated by the local stack"
                )));
            }
        }))
    }

    /// A named condition of the `Conditions` section.
    pub fn condition(&self, name: &str) -> Result<bool, TemplateError> {
        let definition = self.document["Conditions"]
            .get(name)
            .ok_or_else(|| error(format!("no condition {name}")))?;
        self.truth(definition)
    }

    fn truth(&self, expression: &Value) -> Result<bool, TemplateError> {
        let Some((function, argument)) = expression.as_object().and_then(|map| map.iter().next())
        else {
            return Err(error(format!("not a condition: {expression}")));
        };
        let items = argument.as_array();
        match (function.as_str(), items) {
            ("Condition", _) => self.condition(argument.as_str().unwrap_or_default()),
            ("Fn::Equals", Some(pair)) if pair.len() == 2 => {
                let left = self.evaluate(&pair[0])?.map(scalar_string);
                let right = self.evaluate(&pair[1])?.map(scalar_string);
                Ok(left == right)
            }
            ("Fn::Not", Some(one)) if one.len() == 1 => Ok(!self.truth(&one[0])?),
            ("Fn::And", Some(all)) => {
                for item in all {
                    if !self.truth(item)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            ("Fn::Or", Some(any)) => {
                for item in any {
                    if self.truth(item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(error(format!("not a condition: {expression}"))),
        }
    }

    fn reference(&self, name: &str) -> Result<String, TemplateError> {
        if let Some(value) = self.parameters.get(name) {
            return Ok(value.as_str().unwrap_or_default().to_string());
        }
        let pseudo = match name {
            "AWS::StackName" => Some(STACK_NAME),
            "AWS::AccountId" => Some(ACCOUNT_ID),
            "AWS::Region" => Some(REGION),
            "AWS::Partition" => Some("aws"),
            "AWS::URLSuffix" => Some("amazonaws.com"),
            _ => None,
        };
        if let Some(value) = pseudo {
            return Ok(value.into());
        }
        if let Some(id) = self.physical_ids.get(name) {
            return Ok(id.clone());
        }
        // Resources the local stack does not make (log groups, policies,
        // alarms...) still have a name, as they would once deployed.
        self.resource(name)?;
        Ok(format!("{STACK_NAME}-{name}"))
    }

    fn attribute(&self, resource: &str, attribute: &str) -> Result<String, TemplateError> {
        if let Some(value) = self.attributes.get(&(resource.into(), attribute.into())) {
            return Ok(value.clone());
        }
        self.resource(resource)?;
        Ok(format!(
            "arn:aws:local:{REGION}:{ACCOUNT_ID}:{resource}/{attribute}"
        ))
    }

    fn substitute(&self, argument: &Value) -> Result<String, TemplateError> {
        let (pattern, variables) = match argument {
            Value::String(pattern) => (pattern.clone(), Map::new()),
            Value::Array(pair) if pair.len() == 2 => {
                let pattern = pair[0].as_str().unwrap_or_default().to_string();
                let variables = match self.evaluate(&pair[1])? {
                    Some(Value::Object(map)) => map,
                    _ => Map::new(),
                };
                (pattern, variables)
            }
            other => return Err(error(format!("Fn::Sub of {other}"))),
        };
        let mut out = String::new();
        let mut rest = pattern.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after
                .find('}')
                .ok_or_else(|| error(format!("unclosed ${{ in {pattern}")))?;
            let name = &after[..end];
            let value = if let Some(literal) = name.strip_prefix('!') {
                format!("${{{literal}}}")
            } else if let Some(value) = variables.get(name) {
                scalar_string(value.clone())
                    .as_str()
                    .unwrap_or_default()
                    .into()
            } else if let Some((resource, attribute)) = name.split_once('.') {
                self.attribute(resource, attribute)?
            } else {
                self.reference(name)?
            };
            out.push_str(&value);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// Numbers and booleans as the strings CloudFormation passes on.
fn scalar_string(value: Value) -> Value {
    match value {
        Value::Number(number) => Value::String(number.to_string()),
        Value::Bool(flag) => Value::String(flag.to_string()),
        other => other,
    }
}

/// YAML with short tags to JSON with the long forms: `!Ref X` becomes
/// `{"Ref": "X"}`, `!GetAtt A.B` `{"Fn::GetAtt": ["A", "B"]}`, `!Sub s`
/// `{"Fn::Sub": s}`.
fn long_form(value: serde_norway::Value) -> Result<Value, TemplateError> {
    use serde_norway::Value as Yaml;
    Ok(match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(flag) => Value::Bool(flag),
        Yaml::Number(number) => serde_json::to_value(&number).map_err(|e| error(e.to_string()))?,
        Yaml::String(text) => Value::String(text),
        Yaml::Sequence(items) => {
            Value::Array(items.into_iter().map(long_form).collect::<Result<_, _>>()?)
        }
        Yaml::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                let Yaml::String(key) = key else {
                    return Err(error(format!("a non-string key: {key:?}")));
                };
                map.insert(key, long_form(value)?);
            }
            Value::Object(map)
        }
        Yaml::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let tag = tag.trim_start_matches('!');
            let argument = long_form(tagged.value)?;
            let (name, argument) = match (tag, argument) {
                ("Ref", argument) => ("Ref".to_string(), argument),
                ("Condition", argument) => ("Condition".to_string(), argument),
                ("GetAtt", Value::String(dotted)) => {
                    let (resource, attribute) = dotted
                        .split_once('.')
                        .ok_or_else(|| error(format!("!GetAtt {dotted}")))?;
                    (
                        "Fn::GetAtt".to_string(),
                        Value::Array(vec![resource.into(), attribute.into()]),
                    )
                }
                (other, argument) => (format!("Fn::{other}"), argument),
            };
            let mut map = Map::new();
            map.insert(name, argument);
            Value::Object(map)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = r#"
Parameters:
  Size: {Type: Number, Default: 7}
  Origins: {Type: String, Default: ""}
Conditions:
  HasOrigins: !Not [!Equals [!Ref Origins, ""]]
  Both: !And [!Condition HasOrigins, !Equals [!Ref Size, 7]]
Resources:
  Table: {Type: AWS::DynamoDB::Table}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Env:
        NAME: !Ref Table
        SIZE: !Ref Size
        BUCKET: !Sub "${AWS::StackName}-pdfs-${AWS::Region}"
        STREAM: !GetAtt Table.StreamArn
        ORIGINS: !If [HasOrigins, !Split [",", !Ref Origins], !Ref AWS::NoValue]
        BOTH: !If [Both, "yes", "no"]
        FIRST: !Select [0, !Split ["/", "a/b"]]
        JOINED: !Join ["-", [x, !Ref Size]]
        LITERAL: !Sub "${!Kept}"
"#;

    #[test]
    fn intrinsics_evaluate_against_parameters_and_local_resources() {
        let mut template = Template::parse(TEMPLATE).unwrap();
        template.set_physical_id("Table", "local-table");
        template.set_attribute("Table", "StreamArn", "arn:stream");
        let env = template.properties("Fn").unwrap()["Env"].clone();
        assert_eq!(env["NAME"], "local-table");
        assert_eq!(env["SIZE"], "7");
        assert_eq!(env["BUCKET"], "ecar-local-pdfs-us-east-1");
        assert_eq!(env["STREAM"], "arn:stream");
        assert!(env.get("ORIGINS").is_none(), "NoValue drops the key");
        assert_eq!(env["BOTH"], "no");
        assert_eq!(env["FIRST"], "a");
        assert_eq!(env["JOINED"], "x-7");
        assert_eq!(env["LITERAL"], "${Kept}");

        template
            .set_parameter("Origins", "http://a,http://b")
            .unwrap();
        let env = template.properties("Fn").unwrap()["Env"].clone();
        assert_eq!(env["ORIGINS"], serde_json::json!(["http://a", "http://b"]));
        assert_eq!(env["BOTH"], "yes");
        assert!(template.set_parameter("Unknown", "x").is_err());
    }

    #[test]
    fn secrets_manager_references_resolve_to_the_secrets_the_stack_made() {
        let yaml = "Resources:\n  Key: {Type: AWS::SecretsManager::Secret}\n  Fn:\n    Type: X\n    Properties:\n      A: !Sub \"{{resolve:secretsmanager:${Key}:SecretString}}\"\n      B: \"x-{{resolve:secretsmanager:arn:key}}-y\"\n";
        let mut template = Template::parse(yaml).unwrap();
        // Only read, not deployed: the references stay as written.
        let read = template.properties("Fn").unwrap();
        assert_eq!(
            read["A"],
            "{{resolve:secretsmanager:ecar-local-Key:SecretString}}"
        );
        template.set_physical_id("Key", "arn:key");
        template.set_secret_value("arn:key", "s3cr3t");
        let made = template.properties("Fn").unwrap();
        assert_eq!(made["A"], "s3cr3t");
        assert_eq!(made["B"], "x-s3cr3t-y");
        template.set_physical_id("Key", "arn:other");
        let message = template.properties("Fn").unwrap_err().to_string();
        assert!(message.contains("arn:other"), "{message}");
    }

    #[test]
    fn an_intrinsic_the_stack_cannot_evaluate_is_an_error() {
        let template = Template::parse(
            "Resources:\n  A:\n    Type: X\n    Properties:\n      V: !ImportValue other\n",
        )
        .unwrap();
        let message = template.properties("A").unwrap_err().to_string();
        assert!(message.contains("Fn::ImportValue"), "{message}");
    }

    #[test]
    fn the_real_template_reads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../template.yaml");
        let template = Template::read(&path).unwrap();
        assert!(
            !template
                .resources_of("AWS::Serverless::Function")
                .is_empty()
        );
        assert!(template.section(&["Globals", "Function"]).is_ok());
    }
}
