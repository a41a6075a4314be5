using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Wallet;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Channels;

/// <summary>How a close ended.</summary>
public sealed record CloseResult(Transaction Transaction, bool Mutual);

public sealed partial class ChannelManager
{
    /// <summary>How long fundchannel waits for the peer's answers.</summary>
    public static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(60);

    // The funding output's size is known before the peer's funding key: reserve for a P2WSH of this shape, then pay the real one.
    private static readonly Script FundingPlaceholder = Script.FromBytes([0x00, 0x20, .. new byte[32]]);

    /// <summary>
    /// fundchannel: reserves wallet inputs, runs open_channel … funding_signed with <paramref name="peer"/>, then
    /// broadcasts the funding transaction and commits the reservation. <paramref name="announce"/> false opens a private
    /// channel (never announced). Throws <see cref="ChannelCommandException"/>.
    /// </summary>
    public async Task<FundingResult> FundChannelAsync(
        NodeId peer, Satoshi amount, FeeRate feerate, bool announce, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!_peers.IsConnected(peer))
            throw new ChannelCommandException(-1, "Peer not connected");
        if (amount < Config.MinFundingAmount)
            throw new ChannelCommandException(-32602, $"amount: must be at least {Config.MinFundingAmount.Value} sat");
        if (amount >= new Satoshi(1L << 24))
            throw new ChannelCommandException(-32602, "amount: must be below 16777216 sat without option_support_large_channel");
        WalletReservation reservation;
        try
        {
            reservation = await _wallet.ReserveAsync(SpendAmount.Exactly(amount), feerate, FundingPlaceholder, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (WalletException e)
        {
            throw new ChannelCommandException(e.Code, e.Message);
        }
        var dbid = await NextDbidAsync(cancellationToken).ConfigureAwait(false);
        var temporaryId = ChannelId.FromSpan(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var mailbox = NewMailbox(dbid, peer, temporaryId, new Closed(null, "opening", null));
        var result = new TaskCompletionSource<FundingResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        mailbox.Funding = new PendingFunding(reservation, result);
        // BOLT #2: the commitment feerate must be at least 253 sat/kw.
        var commitFeerate = feerate < FeeRate.Floor ? FeeRate.Floor : feerate;
        await mailbox.PostAsync(() => mailbox.ApplyAsync(mailbox.Core.Open(Config, temporaryId, amount, MilliSatoshi.Zero, commitFeerate, announce)))
            .ConfigureAwait(false);
        try
        {
            return await result.Task.WaitAsync(OpenTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await mailbox.PostAsync(async () =>
            {
                if (mailbox.State.ChannelIdOrNull() is null)
                    await mailbox.ApplyAsync(new ChannelStep(new Closed(null, "peer did not answer the open", null), null, [], [], null))
                        .ConfigureAwait(false);
            }).ConfigureAwait(false);
            throw new ChannelCommandException(-1, "peer did not answer in time");
        }
    }

    private async Task CreateFundingAsync(ChannelMailbox mailbox, FundingRequested requested)
    {
        if (mailbox.Funding is not { } pending)
            return;
        // BOLT #2: the funding output pays funding_satoshis to the 2-of-2 P2WSH of both funding pubkeys (output 0 here).
        var reservation = pending.Reservation with { Destination = requested.ScriptPubKey, Amount = requested.Amount };
        var signed = _wallet.Sign(reservation, reservation.BuildUnsigned());
        mailbox.FundingTx = signed;
        mailbox.Funding = pending with { Reservation = reservation };
        await mailbox.ApplyAsync(mailbox.Core.FundingCreated(mailbox.State, new OutPoint(signed.TxId, 0))).ConfigureAwait(false);
    }

    private async Task BroadcastFundingAsync(ChannelMailbox mailbox)
    {
        if (mailbox.Funding is not { } pending || mailbox.FundingTx is not { } tx)
            return;
        mailbox.Funding = null;
        await _wallet.CommitAsync(pending.Reservation, tx, CancellationToken.None).ConfigureAwait(false);
        await _peers.SetHasChannelsAsync(mailbox.Peer, true, CancellationToken.None).ConfigureAwait(false);
        var broadcast = await _broadcaster.BroadcastAsync(tx, CancellationToken.None).ConfigureAwait(false);
        if (!broadcast.Accepted)
            _log.Unusual($"channel {mailbox.Id}: funding transaction {tx.TxId} refused: {broadcast.Error}");
        pending.Result.TrySetResult(new FundingResult(tx, mailbox.Id, 0));
    }

    /// <summary>
    /// close: shutdown and closing_signed through the core, then the closing transaction is broadcast; when the peer does
    /// not finish within <paramref name="unilateralTimeout"/>, our latest commitment is broadcast instead.
    /// </summary>
    public async Task<CloseResult> CloseAsync(ChannelId channelId, TimeSpan unilateralTimeout, CancellationToken cancellationToken)
    {
        var mailbox = MailboxOf(channelId) ?? throw new ChannelCommandException(-32602, "Unknown channel");
        var waiter = new TaskCompletionSource<Transaction>(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = await NewWalletScriptAsync().ConfigureAwait(false);
        await mailbox.PostAsync(async () =>
        {
            switch (mailbox.State)
            {
                case Closed { ClosingTransaction: { } closing }:
                    waiter.TrySetResult(closing);
                    return;
                case Closed:
                    throw new ChannelCommandException(-1, "Channel is already closed");
                case Normal or ShuttingDown { LocalScript: null }:
                    mailbox.CloseWaiter = waiter;
                    var step = mailbox.Core.Shutdown(mailbox.State, new ByteVector(script.Bytes));
                    if (step.Failure is null)
                        await mailbox.ApplyAsync(step).ConfigureAwait(false);
                    break;
                case ShuttingDown or Negotiating:
                    mailbox.CloseWaiter = waiter;
                    break;
                default:
                    throw new ChannelCommandException(-1, "Channel is not open yet");
            }
        }).ConfigureAwait(false);
        try
        {
            return new CloseResult(await waiter.Task.WaitAsync(unilateralTimeout, cancellationToken).ConfigureAwait(false), true);
        }
        catch (TimeoutException)
        {
            return await mailbox.PostAsync(async () =>
            {
                if (mailbox.State is Closed { ClosingTransaction: { } closing })
                    return new CloseResult(closing, true);
                var c = mailbox.State.CommitmentsOrNull() ?? throw new ChannelCommandException(-1, "Channel has no commitment");
                var commitment = c.SignedLocalCommitment(mailbox.Core.Signer);
                var closed = new Closed(c, "unilateral close: peer did not negotiate in time", null);
                await mailbox.ApplyAsync(ChannelStep.Changed(closed)).ConfigureAwait(false);
                mailbox.SendError("unilateral close", fatal: true);
                await _broadcaster.BroadcastAsync(commitment, CancellationToken.None).ConfigureAwait(false);
                return new CloseResult(commitment, false);
            }).ConfigureAwait(false);
        }
    }
}
