using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Node.Chain;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Channels.Core;
using Fulgur.Protocol.Types;

namespace Fulgur.Node.Channels;

/// <summary>
/// What the node learnt on the chain after the funding output was spent: which transaction spent it and at what
/// height, and, when that was our own commitment, the sweep of its <c>to_local</c> output once signed (persisted before
/// it is broadcast) and whether it confirmed.
/// </summary>
internal sealed record OnchainClose(uint SpendHeight, TxId SpendTxId, Transaction? Sweep, bool SweepConfirmed)
{
    /// <summary>Stored in the vars table (one value per channel): <c>height:txid:sweephex:confirmed</c>.</summary>
    public string Format() => string.Join(':', SpendHeight.ToString(CultureInfo.InvariantCulture), SpendTxId.ToString(),
        Sweep is null ? "" : Convert.ToHexString(Sweep.ToBytes()), SweepConfirmed ? "1" : "0");

    public static bool TryParse(string text, [NotNullWhen(true)] out OnchainClose? value)
    {
        value = null;
        var parts = text.Split(':');
        if (parts.Length != 4 || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || !TxId.TryParse(parts[1], out var txid))
            return false;
        Transaction? sweep = null;
        if (parts[2].Length > 0 && !Transaction.TryParseHex(parts[2], out sweep, out _))
            return false;
        value = new OnchainClose(height, txid, sweep, parts[3] == "1");
        return true;
    }

    /// <summary>The vars entry of channel <paramref name="dbid"/>.</summary>
    public static string VarName(ulong dbid) => "channel_onchain_" + dbid.ToString(CultureInfo.InvariantCulture);
}

public sealed partial class ChannelManager
{
    /// <summary>
    /// After the funding output is spent: remembers the spending transaction, and once our own commitment's
    /// <c>to_local</c> delay has passed, sweeps that output to a new wallet address and broadcasts it each block until it
    /// confirms (the broadcaster also resends it while unconfirmed).
    /// </summary>
    private async Task OnClosedBlockAsync(ChannelMailbox mailbox, Block block, uint height, Commitments c)
    {
        var funding = c.Params.FundingOutPoint;
        if (mailbox.Onchain is null && block.Transactions.FirstOrDefault(t => t.Inputs.Any(i => i.PrevOut == funding)) is { } spend)
        {
            mailbox.Onchain = new OnchainClose(height, spend.TxId, null, false);
            await mailbox.SaveAsync().ConfigureAwait(false);
        }
        if (mailbox.Onchain is not { } onchain || onchain.SweepConfirmed)
            return;
        if (onchain.Sweep is { } sweep)
        {
            if (block.Transactions.Any(t => t.TxId == sweep.TxId))
            {
                mailbox.Onchain = onchain with { SweepConfirmed = true };
                await mailbox.SaveAsync().ConfigureAwait(false);
                _log.Info($"channel {mailbox.Id}: to_local sweep {sweep.TxId} confirmed at {height}");
            }
            else if (!mailbox.SweepAccepted)
            {
                mailbox.SweepAccepted = (await _broadcaster.BroadcastAsync(sweep, CancellationToken.None).ConfigureAwait(false)).Accepted;
            }
            return;
        }
        if (mailbox.State is not Closed || !c.TryBuildLocal(c.LocalCommitNumber, mailbox.Core.Signer.PerCommitmentPoint(c.LocalCommitNumber), out var ours)
            || ours.Transaction.TxId != onchain.SpendTxId)
            return;
        // BOLT #5: "MUST wait until the `OP_CHECKSEQUENCEVERIFY` delay has passed (as specified by the remote node's `to_self_delay` field) before spending the output."
        // The next block is the first that may hold the sweep: its height minus the commitment's is the relative age.
        var delay = ours.Parameters.ToSelfDelay.Blocks;
        if (height + 1 - onchain.SpendHeight < delay)
            return;
        var feerate = await SweepFeerateAsync().ConfigureAwait(false);
        var destination = await NewWalletScriptAsync().ConfigureAwait(false);
        var signer = mailbox.Core.Signer;
        // BOLT #5: "SHOULD spend the `to_local` output to a convenient address."
        if (!ToLocalSweep.TryBuild(ours, destination, feerate,
                (tx, script, amount) => signer.SignDelayedSpend(tx, 0, script, amount, ours.Keys.PerCommitmentPoint), out var built, out var error))
        {
            _log.Info($"channel {mailbox.Id}: nothing to sweep: {error}");
            mailbox.Onchain = onchain with { SweepConfirmed = true };
            await mailbox.SaveAsync().ConfigureAwait(false);
            return;
        }
        // Persist before broadcast: after a crash the same sweep is sent again.
        mailbox.Onchain = onchain with { Sweep = built };
        await mailbox.SaveAsync().ConfigureAwait(false);
        mailbox.SweepAccepted = (await _broadcaster.BroadcastAsync(built, CancellationToken.None).ConfigureAwait(false)).Accepted;
        _log.Info($"channel {mailbox.Id}: sweeping to_local {ours.Transaction.TxId}:{ours.IndexOf(CommitmentOutputKind.ToLocal)} in {built.TxId}");
    }

    /// <summary>The feerate of our sweeps: the estimator's "normal" target, never below the relay floor.</summary>
    private async Task<FeeRate> SweepFeerateAsync()
    {
        if (_fees is null)
            return FeeEstimator.OnchainFallback;
        var rate = await _fees.GetFeeRateAsync(FeeTarget.Normal, CancellationToken.None).ConfigureAwait(false);
        return rate < FeeRate.Floor ? FeeRate.Floor : rate;
    }
}
