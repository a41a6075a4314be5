using Fulgur.Node.Chain;
using Fulgur.Protocol.Channels.Core;

namespace Fulgur.Node.Channels;

public sealed partial class ChannelManager
{
    /// <summary>
    /// Funder: proposes an <c>update_fee</c> when the estimator's "normal" feerate moved enough
    /// (<see cref="FeeUpdatePolicy"/>). Runs inside the channel's mailbox (each block, and once the channel is usable
    /// after channel_ready or reestablish); the mailbox signs it with whatever else it holds once it drains.
    /// </summary>
    private async Task MaybeUpdateFeeAsync(ChannelMailbox mailbox)
    {
        if (_fees is null || mailbox.State is not Normal { Commitments.Params.LocalIsFunder: true } || !mailbox.Reestablished
            || !_peers.IsConnected(mailbox.Peer))
            return;
        var estimate = await _fees.GetFeeRateAsync(FeeTarget.Normal, CancellationToken.None).ConfigureAwait(false);
        if (FeeUpdatePolicy.Proposal(mailbox.State, estimate) is not { } feerate)
            return;
        var step = mailbox.Core.UpdateFee(mailbox.State, feerate);
        if (step.Failure is not null)
        {
            _log.Debug($"channel {mailbox.Id}: no update_fee to {feerate}: {step.Failure.Message}");
            return;
        }
        _log.Info($"channel {mailbox.Id}: update_fee {mailbox.State.CommitmentsOrNull()!.Feerate} -> {feerate}");
        await mailbox.ApplyAsync(step).ConfigureAwait(false);
    }
}
