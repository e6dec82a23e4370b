"""From a parsed minutes document to action items with team and due date."""
