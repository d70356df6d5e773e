using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sns;

/// <summary>
/// SNS errors as clients surface them: botocore the query code, the npm SDK the modelled shape name
/// (https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html; shapes and codes of the SNS Smithy model).
/// </summary>
public static class SnsErrors
{
    public static SqsError NotFound { get; } = new("NotFoundException", "NotFound", 404);

    public static SqsError InvalidParameter { get; } = new("InvalidParameterException", "InvalidParameter", 400);
}
