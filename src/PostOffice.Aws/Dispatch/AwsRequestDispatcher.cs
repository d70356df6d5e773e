using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;
using PostOffice.Storage;

namespace PostOffice.Aws.Dispatch;

/// <summary>
/// The HTTP entry of every AWS API: buffers the request, tells the protocol (JSON by <c>X-Amz-Target</c>, query by
/// form or query string), finds service and action, runs the action into a pooled buffer and sends the result, or
/// the error in the request's protocol. Every response carries <c>x-amzn-RequestId</c>.
/// </summary>
internal sealed partial class AwsRequestDispatcher
{
    private const string TargetHeader = "X-Amz-Target";
    private const string RequestIdHeader = "x-amzn-RequestId";
    private const string XmlContentType = "text/xml";
    private const string DefaultJsonContentType = "application/x-amz-json-1.0";
    private const string FormContentType = "application/x-www-form-urlencoded";

    private readonly AwsServiceRegistry _services;
    private readonly ILogger _logger;

    public AwsRequestDispatcher(IEnumerable<IAwsService> services, ILogger<AwsRequestDispatcher> logger)
    {
        _services = new AwsServiceRegistry(services);
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = RandomIds.NewGuid().ToString();
        var http = context.Request;
        var response = context.Response;
        response.Headers[RequestIdHeader] = requestId;
        var cancellationToken = context.RequestAborted;
        var protocol = http.Headers.ContainsKey(TargetHeader) ? AwsProtocol.Json : AwsProtocol.Query;
        SigV4CredentialScope? credential = SigV4CredentialScope.TryParseAuthorization(http.Headers.Authorization.ToString(), out var scope) ? scope : null;

        // Known from the headers alone where possible (target, credential scope), so that even a body refused
        // unread is answered in the service's own format.
        var service = protocol == AwsProtocol.Json ? FindJsonService(http, out _)
            : credential is { } signed ? _services.FindForQuery(signed.Service, version: null, action: null)
            : null;
        var actionName = string.Empty;
        byte[]? body = null;
        JsonDocument? document = null;
        using var output = new PooledByteBufferWriter(4096);
        try
        {
            var bodyLength = 0;
            (body, bodyLength) = await ReadBodyAsync(http, cancellationToken);
            IAwsInput input;
            IAwsAction action;
            if (protocol == AwsProtocol.Json)
            {
                input = DecodeJson(http, body.AsMemory(0, bodyLength), service, out action, out document);
            }
            else
            {
                input = DecodeQuery(http, body.AsSpan(0, bodyLength), ref credential, ref service, out action);
            }

            actionName = action.Name;
            var request = new AwsRequest
            {
                RequestId = requestId,
                Action = action.Name,
                Input = input,
                AccessKeyId = credential?.AccessKeyId,
                Region = credential?.Region ?? AwsDefaults.Region,
                Endpoint = $"{http.Scheme}://{(http.Host.HasValue ? http.Host.Value : "localhost")}",
                Path = http.Path.Value ?? "/",
            };
            await ExecuteAsync(service!, action, request, output, cancellationToken);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = protocol == AwsProtocol.Json ? service!.JsonContentType : XmlContentType;
        }
        catch (AwsProtocolException exception)
        {
            WriteError(context, output, protocol, service, actionName, exception.Code, exception.Message, requestId);
        }
        catch (QueueException exception)
        {
            WriteError(context, output, protocol, service, actionName, exception.Code.ToString(), exception.Message, requestId);
        }
        catch (StorageFailedException exception)
        {
            // The store refuses writes until restarted (docs/storage.md, sticky failure): a retryable 503, not a bug.
            Log.StorageFailed(_logger, exception, service?.Name, actionName);
            WriteError(context, output, protocol, service, actionName, AwsErrorCodes.ServiceUnavailable, string.Empty, requestId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.ClientGone(_logger, service?.Name, actionName, requestId);
            return;
        }
        finally
        {
            document?.Dispose();
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }

        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, cancellationToken);
    }

    private static async Task ExecuteAsync(IAwsService service, IAwsAction action, AwsRequest request, PooledByteBufferWriter output, CancellationToken cancellationToken)
    {
        if (request.Protocol == AwsProtocol.Json)
        {
            using var json = new JsonAwsOutput(output);
            json.WriteStartDocument();
            await action.ExecuteAsync(request, json, cancellationToken);
            json.WriteEndDocument();
        }
        else
        {
            var xml = new XmlAwsOutput(output);
            xml.WriteStartDocument(action.Name, service.XmlNamespace, action.HasResult);
            await action.ExecuteAsync(request, xml, cancellationToken);
            xml.WriteEndDocument(action.Name, action.HasResult, request.RequestId);
        }
    }

    // X-Amz-Target: AmazonSQS.SendMessage, body: a JSON object (empty body: no parameters).
    private JsonAwsInput DecodeJson(HttpRequest http, ReadOnlyMemory<byte> body, IAwsService? service, out IAwsAction action, out JsonDocument document)
    {
        FindJsonService(http, out var target);
        var dot = target.LastIndexOf('.');
        if (service is null || !service.Actions.TryGet(target.AsSpan(dot + 1), out var found))
        {
            throw new AwsProtocolException(AwsErrorCodes.InvalidAction, $"Operation {target} is not supported by this endpoint.");
        }

        action = found;
        try
        {
            document = body.IsEmpty ? JsonDocument.Parse("{}"u8.ToArray()) : JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw new AwsProtocolException(AwsErrorCodes.SerializationException, $"The request body is not valid JSON: {exception.Message}");
        }

        return new JsonAwsInput(document.RootElement);
    }

    // Action=SendMessage&Version=2012-11-05&... in a form body, the query string, or both.
    private QueryAwsInput DecodeQuery(
        HttpRequest http, ReadOnlySpan<byte> body, ref SigV4CredentialScope? credential, ref IAwsService? service, out IAwsAction action)
    {
        var parameters = new QueryParameters();
        var wellFormed = !http.QueryString.HasValue || parameters.TryAdd(Encoding.UTF8.GetBytes(http.QueryString.Value!));
        if (wellFormed && !body.IsEmpty && (http.ContentType is null || http.ContentType.StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase)))
        {
            wellFormed = parameters.TryAdd(body);
        }

        // A presigned query request carries its credential as a parameter rather than in Authorization.
        if (credential is null && parameters["X-Amz-Credential"] is { } presigned && SigV4CredentialScope.TryParseCredential(presigned, out var scope))
        {
            credential = scope;
        }

        var actionName = parameters["Action"];
        service = _services.FindForQuery(credential?.Service, parameters["Version"], actionName);
        if (!wellFormed)
        {
            throw new AwsProtocolException(AwsErrorCodes.MalformedQueryString, "The query string or form body is not validly percent-encoded UTF-8.");
        }

        if (string.IsNullOrEmpty(actionName))
        {
            throw new AwsProtocolException(AwsErrorCodes.MissingAction, "The request must contain the parameter Action.");
        }

        if (service is null || !service.Actions.TryGet(actionName, out var found))
        {
            throw new AwsProtocolException(AwsErrorCodes.InvalidAction, $"The action {actionName} is not valid for this endpoint.");
        }

        action = found;
        return new QueryAwsInput(parameters);
    }

    private IAwsService? FindJsonService(HttpRequest http, out string target)
    {
        target = http.Headers[TargetHeader].ToString();
        var dot = target.LastIndexOf('.');
        return dot > 0 ? _services.FindByJsonTarget(target.AsSpan(0, dot)) : null;
    }

    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > AwsDefaults.MaxRequestBodyBytes)
        {
            throw TooLarge();
        }

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var length ? (int)length : 4096);
        var written = 0;
        try
        {
            while (true)
            {
                if (written == buffer.Length)
                {
                    if (written > AwsDefaults.MaxRequestBodyBytes)
                    {
                        throw TooLarge();
                    }

                    var grown = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, AwsDefaults.MaxRequestBodyBytes + 1));
                    buffer.AsSpan(0, written).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(written), cancellationToken);
                if (read == 0)
                {
                    return written > AwsDefaults.MaxRequestBodyBytes ? throw TooLarge() : (buffer, written);
                }

                written += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        static AwsProtocolException TooLarge() => new(
            AwsErrorCodes.RequestEntityTooLarge, $"The request body is larger than {AwsDefaults.MaxRequestBodyBytes} bytes.");
    }

    private void WriteError(
        HttpContext context, PooledByteBufferWriter output, AwsProtocol protocol, IAwsService? service, string action, string code, string message, string requestId)
    {
        var definition = (service?.Errors ?? AwsErrorCatalog.Common).Find(code);
        if (string.IsNullOrEmpty(message))
        {
            message = definition.DefaultMessage;
        }

        output.Clear();
        var response = context.Response;
        response.StatusCode = definition.HttpStatus;
        if (protocol == AwsProtocol.Json)
        {
            response.ContentType = service?.JsonContentType ?? DefaultJsonContentType;
            if (service is { IsQueryCompatible: true })
            {
                response.Headers[AwsErrorResponse.QueryErrorHeader] = $"{definition.QueryCode};{definition.Fault}";
            }

            AwsErrorResponse.WriteJson(output, definition, message);
        }
        else
        {
            response.ContentType = XmlContentType;
            AwsErrorResponse.WriteXml(output, definition, message, requestId, service?.XmlNamespace);
        }

        if (definition.SenderFault)
        {
            Log.RequestRejected(_logger, service?.Name, action, definition.QueryCode, definition.HttpStatus, message);
        }
        else
        {
            Log.RequestFailed(_logger, service?.Name, action, definition.QueryCode, definition.HttpStatus, message);
        }
    }
}
