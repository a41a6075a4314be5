using Fulgur.Protocol.Types;

namespace Fulgur.Node.Storage;

/// <summary>Where a payment attempt stands (listsendpays' <c>status</c>).</summary>
public enum PaymentStatus
{
    Pending = 0,
    Complete = 1,
    Failed = 2,
}

/// <summary>One hop of a sendpay route: the node reached, the channel used to reach it, the amount and delay it gets.</summary>
public sealed record PaymentHop(NodeId Id, ShortChannelId Channel, MilliSatoshi Amount, uint Delay);

/// <summary>
/// How a payment failed, as sendpay reports it (interfaces.md "sendpay"): the RPC error code (202, 203, 204), the
/// message and the routing failure object's fields. <see cref="OnionReply"/> is the unparseable reply (202).
/// </summary>
public sealed record PaymentFailure(
    int Code,
    string Message,
    int ErringIndex,
    NodeId ErringNode,
    ShortChannelId ErringChannel,
    ushort FailCode,
    byte[]? ChannelUpdate,
    byte[]? OnionReply);

/// <summary>
/// One sendpay attempt as stored: what was sent, the shared secrets kept to attribute a returned failure, the HTLC that
/// carries it on the first channel, and its outcome.
/// </summary>
public sealed record StoredPayment(
    long Id,
    PaymentHash PaymentHash,
    NodeId Destination,
    MilliSatoshi Amount,
    MilliSatoshi AmountSent,
    DateTimeOffset CreatedAt,
    PaymentStatus Status,
    Preimage? Preimage,
    string? Label,
    string? Bolt11,
    IReadOnlyList<PaymentHop> Route,
    byte[] SharedSecrets,
    ChannelId FirstChannel,
    CltvExpiry FirstExpiry,
    ulong? OutgoingHtlcId,
    PaymentFailure? Failure,
    DateTimeOffset? CompletedAt);

/// <summary>The node's payment attempts (Core Lightning's <c>payments</c> table).</summary>
public interface IPaymentRepository
{
    /// <summary>Stores a new attempt (its <see cref="StoredPayment.Id"/> is ignored) and returns its id.</summary>
    Task<long> AddAsync(StoredPayment payment, CancellationToken cancellationToken);

    /// <summary>Records the id of the HTLC that carries the attempt on its first channel.</summary>
    Task SetOutgoingHtlcAsync(long id, ulong htlcId, CancellationToken cancellationToken);

    /// <summary>Marks a pending attempt complete; false (no change) when it is not pending.</summary>
    Task<bool> CompleteAsync(long id, Preimage preimage, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Marks a pending attempt failed; false (no change) when it is not pending.</summary>
    Task<bool> FailAsync(long id, PaymentFailure failure, DateTimeOffset at, CancellationToken cancellationToken);

    Task<StoredPayment?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Attempts, oldest first, filtered by whichever of the arguments are given.</summary>
    Task<IReadOnlyList<StoredPayment>> ListAsync(PaymentHash? paymentHash, string? bolt11, PaymentStatus? status,
        CancellationToken cancellationToken);
}
