using System.Text.Json.Nodes;
using Fulgur.Node.Invoices;

namespace Fulgur.Node.Rpc.Commands;

/// <summary><c>waitinvoice label</c>: answers once the invoice is paid; -1 if it is deleted or missing, -2 if it expires.</summary>
internal sealed class WaitInvoiceCommand(InvoiceService invoices) : RpcCommand("waitinvoice", "payment",
    "Wait for the invoice with a label to be paid.",
    RpcParam.Required("label", RpcParamType.Text, "the invoice's label"))
{
    public override async Task<JsonObject> ExecuteAsync(RpcArguments arguments, CancellationToken cancellationToken)
    {
        var invoice = await invoices.WaitAsync(arguments.Get<string>("label"), cancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(InvoiceErrorCodes.WaitDeleted, "invoice deleted during wait or not found");
        var now = invoices.Now;
        if (invoice.StatusAt(now) == InvoiceStatus.Expired)
            throw new RpcException(InvoiceErrorCodes.WaitExpired, "invoice expired during wait", InvoiceJson.ToJson(invoice, now));
        return InvoiceJson.ToJson(invoice, now);
    }
}
