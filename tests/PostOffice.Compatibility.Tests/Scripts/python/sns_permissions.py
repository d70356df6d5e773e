"""SNS AddPermission and RemovePermission: statements in the topic's Policy after the default one, a duplicate
label, an action a topic policy cannot name, an unknown label, a missing topic, a policy against the
grammar."""
from sns_common import sns_client
from sqs_common import PREFIX, Scenario

sns = sns_client()
run = Scenario()

topic = run.call("createTopic", sns.create_topic, Name=f"{PREFIX}-perm")["TopicArn"]
run.call("addOne", sns.add_permission, TopicArn=topic, Label="AlicePublish",
         AWSAccountId=["111122223333"], ActionName=["Publish"])
run.call("addTwo", sns.add_permission, TopicArn=topic, Label="Both",
         AWSAccountId=["111122223333", "444455556666"], ActionName=["Subscribe", "GetTopicAttributes"])
run.call("policy", sns.get_topic_attributes, TopicArn=topic)
run.expect_error("addDuplicate", sns.add_permission, TopicArn=topic, Label="AlicePublish",
                 AWSAccountId=["111122223333"], ActionName=["Subscribe"])
run.expect_error("addBadAction", sns.add_permission, TopicArn=topic, Label="Bad",
                 AWSAccountId=["111122223333"], ActionName=["CreateTopic"])
run.expect_error("addMissingTopic", sns.add_permission, TopicArn=topic + "-missing", Label="Other",
                 AWSAccountId=["111122223333"], ActionName=["Publish"])
run.call("removeOne", sns.remove_permission, TopicArn=topic, Label="AlicePublish")
run.expect_error("removeAgain", sns.remove_permission, TopicArn=topic, Label="AlicePublish")
run.expect_error("removeMissingTopic", sns.remove_permission, TopicArn=topic + "-missing", Label="Both")
run.call("policyAfterRemove", sns.get_topic_attributes, TopicArn=topic)
run.expect_error("setBadPolicy", sns.set_topic_attributes, TopicArn=topic, AttributeName="Policy",
                 AttributeValue='{"Statement":{"Effect":"Allow","Principle":"*","Action":"SNS:Publish"}}')
run.finish()
