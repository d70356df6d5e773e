namespace PostOffice.Load.Aws;

/// <summary>The AWS operations the tool can load, each a mode name in the results ("sqs-send", ...).</summary>
public enum AwsOperation
{
    SqsSend,
    SqsSendBatch,
    SqsReceiveDelete,
    SnsPublish,
    SnsHttpPush,
    KinesisPutRecord,
    KinesisPutRecords,
    KinesisGetRecords,
}
